"""Who gets which notice by mail, and when: the confirmation of a new address, a mail at once for
what is new (pushed dossier news as it comes; what comes with time, such as a nearing deadline,
at the next check), and one daily digest at `HUB_MAIL_DIGEST_HOUR`.

What has been mailed is kept per notice, so a round can run again at any moment (after a crash,
on two workers) without mailing anything twice once recorded; a mail sent just before a crash
and not yet recorded goes out again (at least once). A failed send is tried again at the next
round. Mail goes only to an address its owner confirmed, and stops once the register no longer
names the person as vertegenwoordiger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog

from hub.mail.berichten import Opsteller
from hub.mail.smtp import Mailer, MailMislukt
from registry.associations.service import VerenigingenRegister
from registry.errors import NotFound
from registry.kalender import BRUSSEL
from registry.meldingen.service import Meldingen
from registry.meldingen.voorkeuren import Frequentie, Voorkeuren

log = structlog.get_logger("hub.mail")

BEVESTIGING_WACHT = timedelta(minutes=10)
"""At most one confirmation mail per choice this often (someone typing address after address)."""


@dataclass
class Berichtgever:
    voorkeuren: Voorkeuren
    meldingen: Meldingen
    register: VerenigingenRegister
    mailer: Mailer
    opsteller: Opsteller
    digest_uur: int = 7
    controle: timedelta = timedelta(hours=1)
    clock: Callable[[], datetime] = field(init=False)
    mislukt: bool = field(default=False, init=False)
    """A send failed since the last round ended: the next comes sooner."""

    def __post_init__(self) -> None:
        self.clock = self.voorkeuren.clock

    def digest_moment(self, nu: datetime) -> datetime:
        """The latest moment a daily digest was due, at or before `nu` (Brussels time)."""
        lokaal = nu.astimezone(BRUSSEL)
        vandaag = lokaal.replace(hour=self.digest_uur, minute=0, second=0, microsecond=0)
        return vandaag if vandaag <= lokaal else vandaag - timedelta(days=1)

    async def bevestigingen(self) -> int:
        """Send the confirmation mails that wait; how many went out."""
        verstuurd = 0
        for voorkeur in await self.voorkeuren.te_bevestigen(niet_voor=self.clock() - BEVESTIGING_WACHT):
            try:
                naam = (await self.register.get(voorkeur.v_code)).naam
                await self.mailer.verstuur(self.opsteller.bevestiging(voorkeur, naam))
            except NotFound:
                continue
            except MailMislukt as error:
                log.warning("confirmation mail not sent; the next round tries again", error=str(error))
                self.mislukt = True
                break  # the server is away: the others wait too
            await self.voorkeuren.bevestiging_verstuurd(voorkeur)
            verstuurd += 1
        return verstuurd

    async def vereniging(self, v_code: str) -> int:
        """Mail what is new for one association to those who want it now (at once, or their
        digest is due); how many mails went out."""
        voorkeuren = await self.voorkeuren.van_vereniging(v_code)
        if not voorkeuren:
            return 0
        try:
            vereniging = await self.register.get(v_code)
        except NotFound:
            return 0
        actueel = await self.meldingen.actueel(vereniging)
        huidig = [m.sleutel for m in actueel]
        digest_moment = self.digest_moment(self.clock())
        verstuurd = 0
        for voorkeur in voorkeuren:
            if voorkeur.via_register and not vereniging.represented_by(voorkeur.persoon):
                continue  # no longer a vertegenwoordiger
            digest = voorkeur.frequentie is Frequentie.DAGELIJKS
            if digest and voorkeur.digest_op is not None and voorkeur.digest_op >= digest_moment:
                continue
            gehad = await self.voorkeuren.verzonden(voorkeur.id)
            nieuw = [m for m in actueel if m.sleutel not in gehad]
            if nieuw:
                bericht = self.opsteller.meldingen(voorkeur, vereniging.naam, nieuw, digest=digest)
                try:
                    await self.mailer.verstuur(bericht)
                except MailMislukt as error:
                    log.warning("notice mail not sent; the next round tries again", error=str(error))
                    self.mislukt = True
                    await self.voorkeuren.opnieuw(voorkeur)
                    continue
                verstuurd += 1
            await self.voorkeuren.gemaild(voorkeur, [m.sleutel for m in nieuw], huidig=huidig, digest=digest)
        return verstuurd

    async def te_doen(self) -> set[str]:
        """The associations whose check or digest is due now."""
        nu = self.clock()
        return await self.voorkeuren.te_doen(
            gecontroleerd_voor=nu - self.controle, digest_voor=self.digest_moment(nu)
        )

    async def ronde(self) -> float:
        """Everything due now: confirmations, checks, digests. Seconds until the next is due
        (a minute after a failed send)."""
        await self.bevestigingen()
        for v_code in sorted(await self.te_doen()):
            await self.vereniging(v_code)
        nu = self.clock()
        volgende_digest = self.digest_moment(nu) + timedelta(days=1)
        wacht = min(self.controle.total_seconds(), (volgende_digest - nu).total_seconds())
        mislukt, self.mislukt = self.mislukt, False
        return max(1.0, min(wacht, 60.0) if mislukt else wacht)
