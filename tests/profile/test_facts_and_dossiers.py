"""Merging what the register and the connected systems know, and one list of every dossier."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from connectors.sdk import Dossier, DossierStatus, Feit
from demo.verenigingen import vrolijke_bas
from hub.profile.dossiers import page
from hub.profile.facts import REGISTER, merge, register_facts
from hub.routing import ServiceResult
from registry.associations.model import Vereniging
from registry.errors import ValidationFailed

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def result(service: str, value: list[Feit] | list[Dossier], *, stale: bool = False) -> ServiceResult:  # type: ignore[type-arg]
    return ServiceResult(service=service, value=value, stale=stale, fetched_at=NOW)


def vereniging() -> Vereniging:
    invoer = vrolijke_bas()
    return Vereniging.model_validate(
        {
            "vCode": "V0001001",
            "verenigingstype": "FV",
            "naam": invoer.naam,
            "contactgegevens": [
                {
                    "contactgegevenId": 1,
                    "contactgegeventype": "E-mail",
                    "waarde": "info@vrolijkebas.be",
                    "isPrimair": True,
                }
            ],
        }
    )


def test_register_facts_use_the_names_connectors_use() -> None:
    facts = register_facts(vereniging(), sinds=date(2026, 1, 2))

    assert {(f.naam, f.waarde) for f in facts} >= {("vCode", "V0001001"), ("e-mail", "info@vrolijkebas.be")}
    assert {f.bron for f in facts} == {REGISTER}
    assert {f.datum for f in facts} == {date(2026, 1, 2)}


def test_agreeing_sources_are_no_conflict_and_disagreeing_ones_are_shown() -> None:
    register = register_facts(vereniging(), sinds=None)
    kiosk = [
        Feit(naam="E-mail", waarde=" INFO@vrolijkebas.be ", bron="KIOSK"),  # the same, written otherwise
        Feit(naam="rekeningnummer", waarde="BE68 5390 0754 7034", bron="KIOSK"),
    ]
    gemeente = [Feit(naam="rekeningnummer", waarde="BE71 0961 2345 6769", bron="Gemeente Liedekerke")]

    merged = merge(register, [result("kiosk", kiosk), result("liedekerke", gemeente, stale=True)])

    assert [c.naam for c in merged.conflicten] == ["rekeningnummer"]
    assert {(f.feit.bron, f.verouderd) for f in merged.conflicten[0].feiten} == {
        ("KIOSK", False),
        ("Gemeente Liedekerke", True),
    }
    assert len(merged.feiten) == len(register) + 3  # nothing hidden


def dossier(id: str, status: DossierStatus, **extra: object) -> Dossier:
    return Dossier.model_validate(
        {"id": id, "titel": f"Dossier {id}", "status": status, "dienst": "x", **extra}
    )


def test_dossiers_needing_action_come_first_soonest_deadline_first_then_newest() -> None:
    kiosk = [
        dossier("K1", DossierStatus.BESLIST, ingediend_op=date(2026, 1, 1)),
        dossier("K2", DossierStatus.ACTIE_NODIG, uiterlijk=date(2026, 12, 1)),
    ]
    gemeente = [
        dossier("G1", DossierStatus.IN_BEHANDELING, ingediend_op=date(2026, 6, 1)),
        dossier("G2", DossierStatus.ACTIE_NODIG, uiterlijk=date(2026, 11, 30)),
    ]

    listed = page(
        [result("kiosk", kiosk), result("gemeente", gemeente)],
        statussen=None,
        first=10,
        after=None,
        max_page_size=100,
    )

    assert [d.dossier.id for d in listed.items] == ["G2", "K2", "G1", "K1"]
    assert [d.bron for d in listed.items] == ["gemeente", "kiosk", "gemeente", "kiosk"]


def test_dossiers_filter_by_status_and_page() -> None:
    reported = [result("kiosk", [dossier(f"K{n}", DossierStatus.INGEDIEND) for n in range(5)])]

    first = page(reported, statussen=["ingediend"], first=2, after=None, max_page_size=100)
    rest = page(reported, statussen=["ingediend"], first=10, after=first.volgende, max_page_size=100)
    none = page(reported, statussen=["beslist"], first=10, after=None, max_page_size=100)

    assert (len(first.items), first.totaal) == (2, 5)
    assert len(rest.items) == 3
    assert rest.volgende is None
    assert none.items == []


@pytest.mark.parametrize(
    ("statussen", "after", "veld"),
    [(["verloren"], None, "status"), (None, "onzin", "after")],
)
def test_a_bad_status_or_cursor_is_a_clear_error(
    statussen: list[str] | None, after: str | None, veld: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        page([], statussen=statussen, first=10, after=after, max_page_size=100)

    assert refused.value.fouten[0].veld == veld
