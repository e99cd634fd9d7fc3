"""Who gets which notice by mail, and when: the confirmation of a new address, a mail at once for
what is new (pushed dossier news as it comes; what comes with time, such as a nearing deadline,
at the next check), and one daily digest at `HUB_MAIL_DIGEST_HOUR`.

What has been mailed is kept per notice, so a round can run again at any moment (after a crash,
on two workers) without mailing anything twice once recorded; a mail sent just before a crash
and not yet recorded goes out again (at least once). A failed send is tried again at the next
round (a minute later); an address the server refuses for good gets no more mail. Mail goes only
to an address its owner confirmed, and only while the register names the person as
vertegenwoordiger of the association.
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
from registry.meldingen.bevestiging import BEVESTIGINGEN_PER_PERSOON
from registry.meldingen.service import Meldingen
from registry.meldingen.voorkeur import Frequentie
from registry.meldingen.voorkeuren import Voorkeuren

log = structlog.get_logger("hub.mail")


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
        """Send the confirmation mails that wait; how many went out. Each is claimed first, so
        two rounds at once never send one twice; one that cannot be sent now is tried again
        after `BEVESTIGING_WACHT`, one the server refuses for good is not."""
        verstuurd = 0
        nu = self.clock()
        for voorkeur in await self.voorkeuren.te_bevestigen(nu=nu):
            if await self.voorkeuren.bevestigingen_van(voorkeur.persoon, nu=nu) >= BEVESTIGINGEN_PER_PERSOON:
                continue  # (this person's mails wait for tomorrow)
            if not await self.voorkeuren.neem_bevestiging(voorkeur, nu=nu):
                continue
            try:
                naam = (await self.register.get(voorkeur.v_code)).naam
                await self.mailer.verstuur(self.opsteller.bevestiging(voorkeur, naam))
            except MailMislukt as error:
                log.warning("confirmation mail not sent", error=str(error), blijvend=error.blijvend)
                if not error.blijvend:
                    await self.voorkeuren.bevestiging_terug(voorkeur)
                    self.mislukt = True
                if error.server_weg:
                    break  # the server is away: the others wait too
                continue
            except Exception as error:  # one mail's trouble (it cannot be written) is not the others'
                log.error("confirmation mail could not be made", voorkeur=voorkeur.id, error=str(error))
                continue
            verstuurd += 1
        return verstuurd

    async def vereniging(self, v_code: str) -> int:
        """Mail what is new for one association to those who want it now (at once, or their
        digest is due); how many mails went out. Raises `MailMislukt` (`server_weg`) when the
        server is away: the round stops there, and what is left waits for the next."""
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
            if not vereniging.represented_by(voorkeur.persoon):
                # No longer a vertegenwoordiger: no more mail about this association.
                await self.voorkeuren.afmelden(voorkeur.id)
                continue
            digest = voorkeur.frequentie is Frequentie.DAGELIJKS
            if digest and voorkeur.digest_op is not None and voorkeur.digest_op >= digest_moment:
                continue
            gehad = await self.voorkeuren.verzonden(voorkeur.id)
            nieuw = [m for m in actueel if m.sleutel not in gehad]
            if nieuw:
                try:
                    bericht = self.opsteller.meldingen(voorkeur, vereniging.naam, nieuw, digest=digest)
                    await self.mailer.verstuur(bericht)
                except MailMislukt as error:
                    log.warning("notice mail not sent", error=str(error), blijvend=error.blijvend)
                    if error.blijvend:  # the address no longer takes mail: stop sending there
                        await self.voorkeuren.afmelden(voorkeur.id)
                        continue
                    self.mislukt = True
                    await self.voorkeuren.opnieuw(voorkeur)
                    if error.server_weg:
                        raise
                    continue
                except Exception as error:  # one mail's trouble is not the others'
                    log.error("notice mail could not be made", voorkeur=voorkeur.id, error=str(error))
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
        try:
            for v_code in sorted(await self.te_doen()):
                await self.vereniging(v_code)
        except MailMislukt:
            pass  # the server is away (logged): the rest waits for the next round
        nu = self.clock()
        volgende_digest = self.digest_moment(nu) + timedelta(days=1)
        wacht = min(self.controle.total_seconds(), (volgende_digest - nu).total_seconds())
        mislukt, self.mislukt = self.mislukt, False
        return max(1.0, min(wacht, 60.0) if mislukt else wacht)
