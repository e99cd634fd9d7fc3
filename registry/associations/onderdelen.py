"""The register's actions on an association's parts (contactgegevens, locaties,
vertegenwoordigers) as pure functions: add one under the next unused id, change one, remove one.

Nothing here touches storage; `service.py` wraps each in a transaction with a version check.
Every function records what is wrong in `checks` and returns None when nothing would change;
a part that comes from the KBO cannot be touched here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from registry.associations import rules
from registry.associations.change import Change, diff
from registry.associations.commands import (
    UNSET,
    AdresIdInvoer,
    AdresInvoer,
    ContactgegevenInvoer,
    ContactgegevenWijziging,
    LocatieInvoer,
    LocatieWijziging,
    VertegenwoordigerInvoer,
    VertegenwoordigerWijziging,
)
from registry.associations.model import Bron, Contactgegeven, Locatie, Value, Vereniging, Vertegenwoordiger
from registry.errors import NotFound
from registry.validation import Checks

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Item = TypeVar("Item", Contactgegeven, Locatie, Vertegenwoordiger)


def _find(
    items: Sequence[Item], id_of: Callable[[Item], int], wanted: int, soort: str, checks: Checks
) -> int | None:
    """The position of the part with id `wanted`; KBO-sourced parts cannot be touched here."""
    for index, item in enumerate(items):
        if id_of(item) == wanted:
            if item.bron is Bron.KBO:
                checks.fail(f"{soort}Id", "alleen_in_kbo")
                return None
            return index
    raise NotFound(soort, str(wanted))


def _unset_free(wijziging: DataclassInstance) -> dict[str, Any]:
    return {
        f.name: getattr(wijziging, f.name)
        for f in fields(wijziging)
        if getattr(wijziging, f.name) is not UNSET
    }


def voeg_contactgegeven_toe(
    current: Vereniging, invoer: ContactgegevenInvoer, *, checks: Checks
) -> Change | None:
    return _add_item(
        current,
        "contactgegevens",
        lambda nummer: rules.contactgegeven(checks, invoer, prefix="", contactgegeven_id=nummer),
        "ContactgegevenWerdToegevoegd",
        checks,
    )


def wijzig_contactgegeven(
    current: Vereniging,
    contactgegeven_id: int,
    wijziging: ContactgegevenWijziging,
    *,
    checks: Checks,
) -> Change | None:
    index = _find(
        current.contactgegevens,
        lambda c: c.contactgegeven_id,
        contactgegeven_id,
        "contactgegeven",
        checks,
    )
    if index is None:
        return None
    old = current.contactgegevens[index]
    changes = _unset_free(wijziging)
    merged = ContactgegevenInvoer(
        contactgegeventype=old.contactgegeventype.value,
        waarde=changes.get("waarde", old.waarde),
        beschrijving=changes.get("beschrijving", old.beschrijving),
        is_primair=changes.get("is_primair", old.is_primair),
    )
    item = rules.contactgegeven(checks, merged, prefix="", contactgegeven_id=contactgegeven_id)
    return _replace_item(current, "contactgegevens", index, item, "ContactgegevenWerdGewijzigd", checks)


def verwijder_contactgegeven(current: Vereniging, contactgegeven_id: int, *, checks: Checks) -> Change | None:
    index = _find(
        current.contactgegevens,
        lambda c: c.contactgegeven_id,
        contactgegeven_id,
        "contactgegeven",
        checks,
    )
    return _remove_item(current, "contactgegevens", index, "ContactgegevenWerdVerwijderd")


def voeg_locatie_toe(current: Vereniging, invoer: LocatieInvoer, *, checks: Checks) -> Change | None:
    return _add_item(
        current,
        "locaties",
        lambda nummer: rules.locatie(checks, invoer, prefix="", locatie_id=nummer),
        "LocatieWerdToegevoegd",
        checks,
    )


def wijzig_locatie(
    current: Vereniging, locatie_id: int, wijziging: LocatieWijziging, *, checks: Checks
) -> Change | None:
    index = _find(current.locaties, lambda loc: loc.locatie_id, locatie_id, "locatie", checks)
    if index is None:
        return None
    old = current.locaties[index]
    changes = _unset_free(wijziging)
    adres_given = "adres" in changes or "adres_id" in changes
    merged = LocatieInvoer(
        locatietype=changes.get("locatietype", old.locatietype.value),
        is_primair=changes.get("is_primair", old.is_primair),
        naam=changes.get("naam", old.naam),
        adres=changes.get("adres") if adres_given else _adres_invoer(old),
        adres_id=changes.get("adres_id") if adres_given else _adres_id_invoer(old),
    )
    item = rules.locatie(checks, merged, prefix="", locatie_id=locatie_id)
    return _replace_item(current, "locaties", index, item, "LocatieWerdGewijzigd", checks)


def _adres_invoer(locatie: Locatie) -> AdresInvoer | None:
    return None if locatie.adres is None else AdresInvoer(**locatie.adres.model_dump())


def _adres_id_invoer(locatie: Locatie) -> AdresIdInvoer | None:
    return None if locatie.adres_id is None else AdresIdInvoer(**locatie.adres_id.model_dump())


def verwijder_locatie(current: Vereniging, locatie_id: int, *, checks: Checks) -> Change | None:
    index = _find(current.locaties, lambda loc: loc.locatie_id, locatie_id, "locatie", checks)
    return _remove_item(current, "locaties", index, "LocatieWerdVerwijderd")


def voeg_vertegenwoordiger_toe(
    current: Vereniging, invoer: VertegenwoordigerInvoer, *, checks: Checks
) -> Change | None:
    return _add_item(
        current,
        "vertegenwoordigers",
        lambda nummer: rules.vertegenwoordiger(checks, invoer, prefix="", vertegenwoordiger_id=nummer),
        "VertegenwoordigerWerdToegevoegd",
        checks,
    )


def wijzig_vertegenwoordiger(
    current: Vereniging,
    vertegenwoordiger_id: int,
    wijziging: VertegenwoordigerWijziging,
    *,
    checks: Checks,
) -> Change | None:
    index = _find(
        current.vertegenwoordigers,
        lambda v: v.vertegenwoordiger_id,
        vertegenwoordiger_id,
        "vertegenwoordiger",
        checks,
    )
    if index is None:
        return None
    old = current.vertegenwoordigers[index]
    changes = _unset_free(wijziging)
    merged = VertegenwoordigerInvoer(
        insz=old.insz,
        **{
            name: changes.get(name, getattr(old, name))
            for name in (
                "voornaam",
                "achternaam",
                "roepnaam",
                "rol",
                "is_primair",
                "email",
                "telefoon",
                "mobiel",
                "social_media",
            )
        },
    )
    item = rules.vertegenwoordiger(checks, merged, prefix="", vertegenwoordiger_id=vertegenwoordiger_id)
    return _replace_item(current, "vertegenwoordigers", index, item, "VertegenwoordigerWerdGewijzigd", checks)


def verwijder_vertegenwoordiger(
    current: Vereniging, vertegenwoordiger_id: int, *, checks: Checks
) -> Change | None:
    index = _find(
        current.vertegenwoordigers,
        lambda v: v.vertegenwoordiger_id,
        vertegenwoordiger_id,
        "vertegenwoordiger",
        checks,
    )
    if index is not None and len(current.vertegenwoordigers) == 1:
        checks.fail("vertegenwoordigerId", "laatste_vertegenwoordiger")
        return None
    return _remove_item(current, "vertegenwoordigers", index, "VertegenwoordigerWerdVerwijderd")


_CHECK_COLLECTION: dict[str, Callable[[Checks, Sequence[Any], rules.PathOf], None]] = {
    "contactgegevens": rules.check_contactgegevens,
    "locaties": rules.check_locaties,
    "vertegenwoordigers": rules.check_vertegenwoordigers,
}
# The key under which each collection counts its ids (`Vereniging.laatste_ids`).
_ID_COUNTER = {
    "contactgegevens": "contactgegeven",
    "locaties": "locatie",
    "vertegenwoordigers": "vertegenwoordiger",
}


def _add_item(
    current: Vereniging,
    collection: str,
    build: Callable[[int], Value | None],
    gebeurtenis: str,
    checks: Checks,
) -> Change | None:
    """Add the part `build` makes under the next unused id, if it fits among the others."""
    held, maximum = len(getattr(current, collection)), rules.MAXIMA[collection]
    if held >= maximum:
        checks.fail(collection, "te_veel", max=maximum, aantal=held + 1)
        return None
    nummer, laatste_ids = current.next_id(_ID_COUNTER[collection])
    item = build(nummer)
    if item is None:
        return None
    items = (*getattr(current, collection), item)
    _CHECK_COLLECTION[collection](checks, items, lambda _: "")
    if checks.errors:
        return None
    new = current.model_copy(update={collection: items, "laatste_ids": laatste_ids})
    return Change(new, gebeurtenis, item.document())


def _replace_item(
    current: Vereniging,
    collection: str,
    index: int,
    item: Value | None,
    gebeurtenis: str,
    checks: Checks,
) -> Change | None:
    if item is None:
        return None
    old = getattr(current, collection)
    if item == old[index]:
        return None
    items = (*old[:index], item, *old[index + 1 :])
    # Checked with the changed part last: a clash is reported on the later of two parts, and
    # so on the part the caller sent (its fields, without a collection path).
    others = (*old[:index], *old[index + 1 :])
    _CHECK_COLLECTION[collection](checks, (*others, item), lambda _: "")
    if checks.errors:
        return None
    changed = diff(old[index], item, list(type(item).model_fields))
    identity = {k: v for k, v in item.document().items() if k.endswith("Id") and isinstance(v, int)}
    return Change(current.model_copy(update={collection: items}), gebeurtenis, {**identity, **changed})


def _remove_item(current: Vereniging, collection: str, index: int | None, gebeurtenis: str) -> Change | None:
    if index is None:
        return None
    old = getattr(current, collection)
    removed: Value = old[index]
    items = (*old[:index], *old[index + 1 :])
    return Change(
        current.model_copy(update={collection: items}),
        gebeurtenis,
        removed.model_dump(mode="json", by_alias=True),
    )
