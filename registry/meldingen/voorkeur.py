"""A representative's choice for an association's notices by e-mail, as the rest of the hub sees
it: how often (`Frequentie`), at which address and whether it is confirmed, in which language, and
how its confirmation mails and rounds stand; and how a stored choice reads back as that value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import RowMapping

from registry.associations.repository import utc


class Frequentie(StrEnum):
    DIRECT = "direct"
    """A mail as soon as there is something new."""
    DAGELIJKS = "dagelijks"
    """One mail a day with what is new, if anything is."""
    NOOIT = "nooit"


@dataclass(frozen=True)
class Voorkeur:
    id: str
    persoon: str
    v_code: str
    via_register: bool
    frequentie: Frequentie
    email: str | None
    taal: str
    aangevraagd_op: datetime
    bevestigd_op: datetime | None
    bevestiging_nodig: bool
    bevestiging_verstuurd_op: datetime | None
    bevestigingen: int
    bevestigingen_sinds: datetime | None
    gecontroleerd_op: datetime | None
    digest_op: datetime | None

    @property
    def bevestigd(self) -> bool:
        return self.email is not None and self.bevestigd_op is not None

    @property
    def mailt(self) -> bool:
        """Whether notices go out by mail (a confirmed address, not 'never')."""
        return self.bevestigd and self.frequentie is not Frequentie.NOOIT


def voorkeur_of(row: RowMapping) -> Voorkeur:
    """The choice a row of `meldingsvoorkeur` holds."""
    values: dict[str, Any] = dict(row)
    for moment in (
        "aangevraagd_op",
        "bevestigd_op",
        "bevestiging_verstuurd_op",
        "bevestigingen_sinds",
        "gecontroleerd_op",
        "digest_op",
    ):
        if values[moment] is not None:
            values[moment] = utc(values[moment])
    values["frequentie"] = Frequentie(values["frequentie"])
    return Voorkeur(**values)
