"""How a hub process takes part in outbound delivery: on PostgreSQL it hands each committed change
to the job engine (the workers of `vloket worker` deliver); on SQLite it runs the one embedded
worker itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import structlog
from prometheus_client import CollectorRegistry

from connectors.sdk import Connector
from connectors.sdk.discovery import read_instances
from hub.auth.client_token import ClientTokens
from hub.auth.oidc import OidcClient
from hub.events.abonnees import abonnees
from hub.events.bijwerking import Bijwerking
from hub.events.embedded import EmbeddedWorker
from hub.events.outbound import Afleveraar
from hub.events.retry import Backoff
from hub.mail.berichten import Opsteller
from hub.mail.rondes import Berichtgever
from hub.mail.smtp import Mailer, SmtpMailer
from hub.retention import Opruiming
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from registry.meldingen.service import Meldingen
from registry.meldingen.voorkeuren import Voorkeuren
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from registry.uitgaand.service import Uitgaand

if TYPE_CHECKING:
    from hub.events.engine import Engine

log = structlog.get_logger("hub.events.wiring")


def held_back(settings: Settings, running: Iterable[Connector[Any]]) -> str | None:
    """Why new events must wait: an entry of the connectors file with an `abonnement` that is not
    running (its connector did not load). Distributing without it would lose its events for good;
    they wait in the outbox instead until the file is fixed."""
    if settings.connectors_file is None:
        return None
    try:
        entries = read_instances(settings.connectors_file)
    except ValueError as error:
        return f"the connectors file cannot be read: {error}"
    names = {connector.name for connector in running}
    missing = sorted(
        str(entry.get("name", "?"))[:63]
        for entry in entries
        if "abonnement" in entry and entry.get("name") not in names
    )
    if not missing:
        return None
    return (
        f"subscribers in the connectors file did not load: {', '.join(missing)} (see the warnings at start)"
    )


def afleveraar(
    settings: Settings,
    db: Database,
    connectors: Iterable[Connector[Any]],
    http: httpx.AsyncClient,
    *,
    registry: CollectorRegistry | None = None,
) -> Afleveraar:
    connectors = list(connectors)
    return Afleveraar(
        Uitgaand(db),
        abonnees(connectors),
        http,
        source=settings.public_url,
        max_pogingen=settings.events_max_attempts,
        backoff=Backoff(first=settings.events_backoff_seconds, cap=settings.events_backoff_cap_seconds),
        timeout=settings.events_delivery_timeout_seconds,
        registry=registry,
        vasthouden=held_back(settings, connectors),
    )


def berichtgever(
    settings: Settings,
    db: Database,
    *,
    register: VerenigingenRegister | None = None,
    meldingen: Meldingen | None = None,
    mailer: Mailer | None = None,
) -> Berichtgever | None:
    """Notices by mail, when an SMTP server is set (`mailer`: another, in tests)."""
    mailer = mailer or SmtpMailer.from_settings(settings)
    if mailer is None:
        return None
    secret = settings.secret_key.get_secret_value().encode("utf-8")
    return Berichtgever(
        voorkeuren=Voorkeuren(db),
        meldingen=meldingen or Meldingen(db=db, op_maat=AanbodOpMaat(DienstenRegister(db=db))),
        register=register or VerenigingenRegister(db=db, secret=secret),
        mailer=mailer,
        opsteller=Opsteller(public_url=settings.public_url, afzender=settings.mail_from, secret=secret),
        digest_uur=settings.mail_digest_hour,
        controle=timedelta(minutes=settings.mail_check_minutes),
    )


def engine(
    settings: Settings,
    deliverer: Afleveraar,
    *,
    pool_size: int = 4,
    mail: Berichtgever | None = None,
    bijwerking: Bijwerking | None = None,
    opruiming: Opruiming | None = None,
) -> Engine:
    """The job engine on the deliverer's store (which is the hub's, whatever the settings say).
    Its library is imported here, on PostgreSQL only: a hub on SQLite starts without it."""
    from hub.events.engine import Engine, engine_app

    store = deliverer.uitgaand.db.url.render_as_string(hide_password=False)
    return Engine(
        engine_app(store, pool_size=pool_size),
        deliverer,
        repair_seconds=settings.events_repair_seconds,
        stalled_seconds=settings.worker_stalled_seconds,
        retention=timedelta(days=settings.events_retention_days),
        berichtgever=mail,
        bijwerking=bijwerking,
        reconcile_minutes=settings.events_reconcile_minutes,
        opruiming=opruiming,
    )


def bijwerking(
    settings: Settings,
    connectors: Iterable[Connector[Any]],
    dossiers: Dossiers,
    register: VerenigingenRegister,
    oidc: OidcClient | None,
) -> Bijwerking | None:
    """The reconcile pull over the connectors that push, when the hub can get a token for itself
    (an OpenID provider) and `HUB_EVENTS_RECONCILE_MINUTES` is not 0."""
    if oidc is None or not settings.events_reconcile_minutes:
        return None
    return Bijwerking.voor(
        connectors,
        dossiers=dossiers,
        register=register,
        token=ClientTokens(oidc),
        terug=timedelta(hours=settings.events_reconcile_hours),
    )


class Bezorging:
    """The hub process's part: `meld` after each committed change, `meld_meldingen` after pushed
    news, `meld_voorkeur` after an address to confirm; `start` and `stop` with the process."""

    def __init__(
        self,
        settings: Settings,
        deliverer: Afleveraar,
        mail: Berichtgever | None = None,
        reconcile: Bijwerking | None = None,
        opruiming: Opruiming | None = None,
    ) -> None:
        """`reconcile` and `opruiming`: run here on SQLite; on PostgreSQL the workers run them."""
        self.afleveraar = deliverer
        self.berichtgever = mail
        self.embedded: EmbeddedWorker | None = None
        self.engine: Engine | None = None
        if reconcile is not None:
            reconcile.genomen = self.meld_meldingen
        if not deliverer.abonnees and mail is None and reconcile is None and opruiming is None:
            return
        if deliverer.uitgaand.db.dialect == "sqlite":
            database = deliverer.uitgaand.db.url.database
            in_file = bool(database) and database != ":memory:" and "mode=memory" not in str(database)
            self.embedded = EmbeddedWorker(
                deliverer,
                repair_seconds=settings.events_repair_seconds,
                retention=timedelta(days=settings.events_retention_days),
                lock_file=Path(f"{database}.worker.lock") if in_file else None,
                berichtgever=mail,
                bijwerking=reconcile,
                bijwerking_minutes=settings.events_reconcile_minutes,
                opruiming=opruiming,
            )
        else:
            self.engine = engine(settings, deliverer, pool_size=2, mail=mail)

    async def meld(self) -> None:
        if not self.afleveraar.abonnees:
            return
        if self.embedded is not None:
            await self.embedded.meld()
        elif self.engine is not None:
            await self.engine.meld()

    async def meld_meldingen(self, v_codes: Iterable[str]) -> None:
        """A service pushed news about these associations: mail it to those who want it at once
        (never raises: the pushed news is stored, and the next check mails it)."""
        if self.berichtgever is None:
            return
        try:
            direct = await self.berichtgever.voorkeuren.met_direct(v_codes)
        except Exception as error:
            log.warning("could not look up who wants mail at once; the next check will", error=str(error))
            return
        if not direct:
            return
        if self.embedded is not None:
            await self.embedded.meld_meldingen(direct)
        elif self.engine is not None:
            await self.engine.mail(direct)

    async def meld_voorkeur(self) -> None:
        """An address waits for its confirmation mail."""
        if self.embedded is not None:
            await self.embedded.meld_voorkeur()
        elif self.engine is not None:
            await self.engine.meld_voorkeur()

    async def start(self) -> None:
        if self.embedded is not None:
            self.embedded.start()
        elif self.engine is not None:
            await self.engine.app.open_async()

    async def stop(self) -> None:
        if self.embedded is not None:
            await self.embedded.stop()
        elif self.engine is not None:
            await self.engine.app.close_async()
