"""The periodic reconcile pull: for each connector whose service pushes dossier events, the hub
asks the service which dossiers changed lately (`DossierReconcile.gewijzigde_dossiers`, with a
token for the hub itself by client credentials) and takes, as events, the states its copy does
not have yet. A push that never arrived (a network failure, a service restored from a backup)
is healed at the next run; a state the copy already holds changes nothing (no second history
entry), and news older than the copy never rolls it back.

Each state taken this way is an event with the id `bijwerking:<dossier>:<when it changed>`, so
two runs (on two workers) that read the same state take it once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog

from connectors.sdk import CallContext, Connector, ConnectorError, DossierReconcile
from connectors.sdk.capabilities import MAX_GEWIJZIGDE_DOSSIERS
from connectors.sdk.events import DOSSIER_GEWIJZIGD
from hub.auth.oidc import OAuthError
from hub.events.nieuws import binnenkomend, gebrek
from registry.associations.service import VerenigingenRegister
from registry.dossiers.service import Dossiers
from registry.text import excerpt

log = structlog.get_logger("hub.events.bijwerking")

ClientToken = Callable[[str], Awaitable[str]]
"""A token for the hub itself for an audience (client credentials)."""
CALL_SECONDS = 60.0
"""How long one service may take to answer."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Bijwerking:
    connectors: list[Connector[Any]]
    dossiers: Dossiers
    register: VerenigingenRegister
    token: ClientToken
    terug: timedelta = timedelta(hours=24)
    """How far back each run asks."""
    genomen: Callable[[set[str]], Awaitable[None]] | None = None
    """Told which associations got news (notices by mail)."""
    clock: Callable[[], datetime] = field(default=_now)

    @classmethod
    def voor(cls, connectors: Iterable[Connector[Any]], **kwargs: Any) -> Bijwerking | None:
        """The reconcile pull over the connectors that push and can tell what changed; None if
        there are none."""
        pulling: list[Connector[Any]] = [
            c for c in connectors if c.config.pushes_dossiers and isinstance(c, DossierReconcile)
        ]
        return cls(pulling, **kwargs) if pulling else None

    async def ronde(self) -> int:
        """Ask every service; how many states were taken as events. A service that fails is
        logged and asked again at the next run."""
        genomen = 0
        for connector in self.connectors:
            try:
                genomen += await self._een(connector)
            except (ConnectorError, OAuthError) as error:
                log.warning("reconcile pull failed", connector=connector.name, error=str(error))
            except Exception:
                # Whatever one service's answer does, the others are still asked.
                log.exception("reconcile pull failed", connector=connector.name)
        return genomen

    async def _een(self, connector: Connector[Any]) -> int:
        assert isinstance(connector, DossierReconcile)
        audience = str(getattr(connector.config, "audience", connector.name))

        async def token() -> str:
            return await self.token(audience)

        context = CallContext(
            v_code=None,
            person=None,
            token=token,
            correlation_id=uuid.uuid4().hex,
            deadline=time.monotonic() + CALL_SECONDS,
        )
        nu = self.clock()
        standen = await connector.gewijzigde_dossiers(context, nu - self.terug)
        if len(standen) > MAX_GEWIJZIGDE_DOSSIERS:
            log.warning(
                "reconcile pull answer cut",
                connector=connector.name,
                standen=len(standen),
                max=MAX_GEWIJZIGDE_DOSSIERS,
            )
            standen = standen[:MAX_GEWIJZIGDE_DOSSIERS]
        bruikbaar = []
        for stand in standen:
            unfit = gebrek(stand, nu=nu)
            if unfit is None:
                bruikbaar.append(stand)
            else:  # as a push of it would be refused
                log.warning(
                    "reconcile pull skipped a state",
                    connector=connector.name,
                    dossier=excerpt(stand.dossier_id, 120),
                    veld=unfit[0],
                    reden=unfit[1],
                )
        standen = bruikbaar
        if not standen:
            return 0
        gekend = await self.register.gewijzigd_op(sorted({s.v_code for s in standen}))
        kopie = await self.dossiers.bijgewerkt(connector.name, [s.dossier_id for s in standen])
        nieuw = []
        for s in standen:
            event = binnenkomend(
                f"bijwerking:{s.dossier_id}:{s.bijgewerkt_op.isoformat()}", DOSSIER_GEWIJZIGD, s
            )
            held = kopie.get(s.dossier_id)
            # Newer than the copy, and not the state it holds already (a service may date one
            # state differently in its push and in its list).
            if s.v_code in gekend and (
                held is None or (held[0] < s.bijgewerkt_op and held[1] != event.stand)
            ):
                nieuw.append(event)
        if not nieuw:
            return 0
        ontvangst = await self.dossiers.ontvang(connector.name, f"bijwerking:{uuid.uuid4().hex}", nieuw)
        log.info("reconcile pull took missed states", connector=connector.name, aanvaard=ontvangst.aanvaard)
        if self.genomen is not None and ontvangst.aanvaard:
            await self.genomen({event.v_code for event in nieuw})
        return ontvangst.aanvaard
