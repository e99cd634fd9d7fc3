"""The register's actions as pure functions: current state + input -> new state + event data.

Nothing here touches storage; `service.py` wraps each in a transaction with a version check.
Every function records what is wrong in `checks` and returns None when nothing would change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from registry.associations import rules
from registry.associations.codes import Verenigingstype
from registry.associations.commands import (
    UNSET,
    AdresIdInvoer,
    AdresInvoer,
    BasisgegevensWijziging,
    ContactgegevenInvoer,
    ContactgegevenWijziging,
    LocatieInvoer,
    LocatieWijziging,
    RegistratieInvoer,
    Unset,
    VertegenwoordigerInvoer,
    VertegenwoordigerWijziging,
)
from registry.associations.model import (
    Bron,
    Contactgegeven,
    Locatie,
    Status,
    Value,
    Vereniging,
    Vertegenwoordiger,
)
from registry.errors import NotFound
from registry.validation import Checks

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Item = TypeVar("Item", Contactgegeven, Locatie, Vertegenwoordiger)
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    vereniging: Vereniging
    gebeurtenis: str
    data: dict[str, Any]


def _json(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    return value


def diff(before: BaseModel, after: BaseModel, names: Sequence[str]) -> dict[str, Any]:
    """`{veld: {oud, nieuw}}` for each field of `names` that differs, in API vocabulary."""
    changed: dict[str, Any] = {}
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            alias = type(before).model_fields[name].alias or name
            changed[alias] = {"oud": _json(old), "nieuw": _json(new)}
    return changed


def registreer(invoer: RegistratieInvoer, *, v_code: str, today: date, checks: Checks) -> Vereniging | None:
    naam = checks.text("naam", invoer.naam, required=True, max_length=rules.MAX_NAAM)
    korte_naam = checks.text("korteNaam", invoer.korte_naam, max_length=rules.MAX_KORTE_NAAM)
    korte_beschrijving = checks.text(
        "korteBeschrijving",
        invoer.korte_beschrijving,
        max_length=rules.MAX_KORTE_BESCHRIJVING,
        multiline=True,
    )
    startdatum = rules.not_in_future(checks, "startdatum", invoer.startdatum, today=today)
    doelgroep = rules.doelgroep(checks, invoer.doelgroep)
    hoofdactiviteiten = rules.hoofdactiviteiten(checks, invoer.hoofdactiviteiten)
    werkingsgebieden = rules.werkingsgebieden_van(checks, invoer.werkingsgebieden)
    contactgegevens = [
        rules.contactgegeven(checks, item, prefix=f"contactgegevens[{i}]", contactgegeven_id=i + 1)
        for i, item in enumerate(_bounded(checks, "contactgegevens", invoer.contactgegevens))
    ]
    locaties = [
        rules.locatie(checks, item, prefix=f"locaties[{i}]", locatie_id=i + 1)
        for i, item in enumerate(_bounded(checks, "locaties", invoer.locaties))
    ]
    vertegenwoordigers = [
        rules.vertegenwoordiger(checks, item, prefix=f"vertegenwoordigers[{i}]", vertegenwoordiger_id=i + 1)
        for i, item in enumerate(_bounded(checks, "vertegenwoordigers", invoer.vertegenwoordigers))
    ]
    # The parts that are valid on their own are checked together too, so every problem is
    # reported at once; paths keep pointing at the positions the caller sent.
    built_c = _check_built(checks, "contactgegevens", contactgegevens, rules.check_contactgegevens)
    built_l = _check_built(checks, "locaties", locaties, rules.check_locaties)
    built_v = _check_built(checks, "vertegenwoordigers", vertegenwoordigers, rules.check_vertegenwoordigers)
    if checks.errors or naam is None:
        return None
    return Vereniging(
        v_code=v_code,
        verenigingstype=Verenigingstype.FV,
        naam=naam,
        korte_naam=korte_naam,
        korte_beschrijving=korte_beschrijving,
        startdatum=startdatum,
        doelgroep=doelgroep,
        hoofdactiviteiten=hoofdactiviteiten,
        werkingsgebieden=werkingsgebieden,
        contactgegevens=tuple(built_c),
        locaties=tuple(built_l),
        vertegenwoordigers=tuple(built_v),
        laatste_ids={
            "contactgegeven": len(built_c),
            "locatie": len(built_l),
            "vertegenwoordiger": len(built_v),
        },
        versie=1,
    )


def _bounded(checks: Checks, collection: str, items: Sequence[T]) -> Sequence[T]:
    """`items`, or none of them when there are more than the register holds (`te_veel`)."""
    return items if checks.at_most(collection, items, rules.MAXIMA[collection]) else ()


def _check_built(
    checks: Checks,
    collection: str,
    parts: Sequence[Item | None],
    check: Callable[[Checks, Sequence[Item], rules.PathOf], None],
) -> list[Item]:
    positions = [position for position, part in enumerate(parts) if part is not None]
    built = [part for part in parts if part is not None]
    check(checks, built, lambda i: f"{collection}[{positions[i]}]")
    return built


KBO_BASISGEGEVENS = ("naam", "korte_naam", "startdatum")
BASISGEGEVENS = (
    "naam",
    "korte_naam",
    "korte_beschrijving",
    "roepnaam",
    "startdatum",
    "doelgroep",
    "hoofdactiviteiten",
    "werkingsgebieden",
)


def wijzig_basisgegevens(
    current: Vereniging, wijziging: BasisgegevensWijziging, *, today: date, checks: Checks
) -> Change | None:
    update: dict[str, Any] = {}
    if not isinstance(wijziging.naam, Unset):
        update["naam"] = checks.text("naam", wijziging.naam, required=True, max_length=rules.MAX_NAAM)
    if not isinstance(wijziging.korte_naam, Unset):
        update["korte_naam"] = checks.text("korteNaam", wijziging.korte_naam, max_length=rules.MAX_KORTE_NAAM)
    if not isinstance(wijziging.korte_beschrijving, Unset):
        update["korte_beschrijving"] = checks.text(
            "korteBeschrijving",
            wijziging.korte_beschrijving,
            max_length=rules.MAX_KORTE_BESCHRIJVING,
            multiline=True,
        )
    if not isinstance(wijziging.roepnaam, Unset):
        update["roepnaam"] = checks.text("roepnaam", wijziging.roepnaam, max_length=rules.MAX_NAAM)
        if not current.uit_kbo and update["roepnaam"] is not None:
            checks.fail("roepnaam", "roepnaam_alleen_kbo")
    if not isinstance(wijziging.startdatum, Unset):
        update["startdatum"] = rules.not_in_future(checks, "startdatum", wijziging.startdatum, today=today)
    if not isinstance(wijziging.doelgroep, Unset):
        update["doelgroep"] = rules.doelgroep(checks, wijziging.doelgroep)
    if not isinstance(wijziging.hoofdactiviteiten, Unset):
        update["hoofdactiviteiten"] = rules.hoofdactiviteiten(checks, wijziging.hoofdactiviteiten)
    if not isinstance(wijziging.werkingsgebieden, Unset):
        update["werkingsgebieden"] = rules.werkingsgebieden_van(checks, wijziging.werkingsgebieden)
    if current.uit_kbo:
        for name in KBO_BASISGEGEVENS:
            if name in update and update[name] != getattr(current, name):
                checks.fail(type(current).model_fields[name].alias or name, "alleen_in_kbo")
    if checks.errors:
        return None
    new = current.model_copy(update=update)
    changed = diff(current, new, BASISGEGEVENS)
    return Change(new, "BasisgegevensWerdenGewijzigd", changed) if changed else None


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


def stop(current: Vereniging, einddatum: date, *, today: date, checks: Checks) -> Change | None:
    if current.uit_kbo:
        checks.fail("einddatum", "alleen_in_kbo")
    rules.not_in_future(checks, "einddatum", einddatum, today=today)
    if current.startdatum and einddatum < current.startdatum:
        checks.fail("einddatum", "einddatum_voor_startdatum", startdatum=current.startdatum.isoformat())
    if checks.errors:
        return None
    new = current.model_copy(update={"einddatum": einddatum, "status": Status.GESTOPT})
    return Change(new, "VerenigingWerdGestopt", {"einddatum": einddatum.isoformat()})
