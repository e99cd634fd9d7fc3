"""Importing associations with legal personality from KBO-like JSON.

The file holds a list of records (or `{"ondernemingen": [...]}`), each:

    {"kboNummer": "0123456749", "rechtsvorm": "017", "naam": "...", "korteNaam": "...",
     "startdatum": "2001-05-01",
     "maatschappelijkeZetel": {"straatnaam": "...", "huisnummer": "1", "postcode": "8400",
                               "gemeente": "Oostende", "land": "België"},
     "contactgegevens": [{"contactgegeventype": "E-mail", "waarde": "info@example.be"}],
     "vertegenwoordigers": [{"insz": "85073003328", "voornaam": "...", "achternaam": "..."}]}

Everything imported carries bron KBO and is read-only in the hub. A record that fails
validation is reported with its position and KBO-nummer and skipped; the valid ones are
stored. Importing the same record again updates the association with that KBO-nummer (no
duplicates), and stores nothing when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import IntegrityError

from registry.associations import repository, rules
from registry.associations.change import Change, diff
from registry.associations.codes import RECHTSVORM_TYPES
from registry.associations.commands import (
    Actor,
)
from registry.associations.kbo_records import KboGegevens, parse_record
from registry.associations.model import (
    Bron,
    Contactgegeven,
    Locatie,
    Vereniging,
    Vertegenwoordiger,
)
from registry.associations.service import VerenigingenRegister
from registry.errors import FieldError, RegisterError, ValidationFailed
from registry.validation import Checks

if TYPE_CHECKING:
    pass

Part = TypeVar("Part", Contactgegeven, Locatie, Vertegenwoordiger)
KBO_ACTOR = Actor(door="KBO")


@dataclass
class ImportReport:
    toegevoegd: list[str] = field(default_factory=list)
    bijgewerkt: list[str] = field(default_factory=list)
    ongewijzigd: list[str] = field(default_factory=list)
    fouten: list[tuple[str, list[FieldError]]] = field(default_factory=list)
    """Each refused record: where (`record 3 (KBO 0123456749)`) and what is wrong."""


def _merge(
    current: Sequence[Part],
    incoming: Sequence[Part],
    id_name: str,
    soort: str,
    laatste_ids: dict[str, int],
) -> tuple[tuple[Part, ...], dict[str, int]]:
    """Replace the KBO-sourced parts by `incoming`, keeping ids of parts that did not change."""
    existing_kbo = [p for p in current if p.bron is Bron.KBO]
    kept: list[Part] = [p for p in current if p.bron is not Bron.KBO]
    ids = dict(laatste_ids)
    for part in incoming:
        same = next((old for old in existing_kbo if old.model_copy(update={id_name: 0}) == part), None)
        if same is None:
            ids[soort] = ids.get(soort, 0) + 1
            same = part.model_copy(update={id_name: ids[soort]})
        kept.append(same)
    return tuple(kept), ids


def apply_kbo(base: Vereniging, gegevens: KboGegevens) -> Vereniging:
    ids = dict(base.laatste_ids)
    contactgegevens, ids = _merge(
        base.contactgegevens, gegevens.contactgegevens, "contactgegeven_id", "contactgegeven", ids
    )
    zetel = [gegevens.zetel] if gegevens.zetel else []
    locaties, ids = _merge(base.locaties, zetel, "locatie_id", "locatie", ids)
    vertegenwoordigers, ids = _merge(
        base.vertegenwoordigers,
        gegevens.vertegenwoordigers,
        "vertegenwoordiger_id",
        "vertegenwoordiger",
        ids,
    )
    updated = base.model_copy(
        update={
            "verenigingstype": RECHTSVORM_TYPES[gegevens.rechtsvorm],
            "rechtsvorm": gegevens.rechtsvorm,
            "kbo_nummer": gegevens.kbo_nummer,
            "naam": gegevens.naam,
            "korte_naam": gegevens.korte_naam,
            "startdatum": gegevens.startdatum,
            "contactgegevens": contactgegevens,
            "locaties": locaties,
            "vertegenwoordigers": vertegenwoordigers,
        }
    )
    checks = Checks()
    rules.check_contactgegevens(checks, updated.contactgegevens, lambda i: f"contactgegevens[{i}]")
    rules.check_locaties(checks, updated.locaties, lambda i: f"locaties[{i}]")
    rules.check_vertegenwoordigers(checks, updated.vertegenwoordigers, lambda i: f"vertegenwoordigers[{i}]")
    checks.raise_if_any()
    return updated.model_copy(update={"laatste_ids": ids})


async def import_kbo(
    register: VerenigingenRegister,
    records: Sequence[object],
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    for position, record in enumerate(records, start=1):
        label = f"record {position}"
        if isinstance(record, dict) and isinstance(record.get("kboNummer"), str):
            label += f" (KBO {record['kboNummer']})"
        try:
            gegevens = parse_record(record, today=register.today())
            try:
                await _store(register, gegevens, report)
            except IntegrityError:
                # Another import stored this KBO-nummer meanwhile; it exists now: update it.
                await _store(register, gegevens, report)
        except ValidationFailed as error:
            report.fouten.append((label, error.fouten))
        except RegisterError as error:
            report.fouten.append((label, [FieldError("", error.message_key, error.params)]))
        if progress:
            progress(position)
    return report


async def _store(register: VerenigingenRegister, gegevens: KboGegevens, report: ImportReport) -> None:
    async with register.db.read() as session:
        existing = await repository.get_by_kbo(session, gegevens.kbo_nummer)
    if existing is None:
        blank = Vereniging(
            v_code="V0000000",
            verenigingstype=RECHTSVORM_TYPES[gegevens.rechtsvorm],
            naam=gegevens.naam,
        )
        stored = await register.add_imported(
            vereniging=apply_kbo(blank, gegevens),
            gebeurtenis="VerenigingUitKBOWerdGeregistreerd",
            actor=KBO_ACTOR,
        )
        report.toegevoegd.append(stored.v_code)
        return
    changed = await register.change(
        v_code=existing.v_code,
        versie=existing.versie,
        actor=KBO_ACTOR,
        authorize=lambda _: None,  # the import is the KBO itself speaking
        apply=lambda current, checks: _kbo_change(current, gegevens),
    )
    (report.bijgewerkt if changed.versie != existing.versie else report.ongewijzigd).append(existing.v_code)


def _kbo_change(current: Vereniging, gegevens: KboGegevens) -> Change | None:
    updated = apply_kbo(current, gegevens)
    changed = diff(
        current,
        updated,
        [
            "verenigingstype",
            "rechtsvorm",
            "naam",
            "korte_naam",
            "startdatum",
            "contactgegevens",
            "locaties",
            "vertegenwoordigers",
        ],
    )
    return Change(updated, "GegevensUitKBOWerdenBijgewerkt", changed) if changed else None
