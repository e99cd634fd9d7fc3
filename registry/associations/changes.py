"""The register's actions on an association as a whole, as pure functions: current state + input
-> new state + event data. The actions on its parts (contactgegevens, locaties,
vertegenwoordigers) are in `onderdelen.py`.

Nothing here touches storage; `service.py` wraps each in a transaction with a version check.
Every function records what is wrong in `checks` and returns None when nothing would change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from registry.associations import rules
from registry.associations.change import Change, diff
from registry.associations.codes import Verenigingstype
from registry.associations.commands import BasisgegevensWijziging, RegistratieInvoer, Unset
from registry.associations.model import Contactgegeven, Locatie, Status, Vereniging, Vertegenwoordiger
from registry.validation import Checks

Item = TypeVar("Item", Contactgegeven, Locatie, Vertegenwoordiger)
T = TypeVar("T")


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
