"""Per-request GraphQL context: the register, who is asking, in which language, loaders, and the
accesses to private data this request made (written to the access log while the request waits
on connected systems, or when it ends; the answer waits for them)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from graphql.pyutils import Path
from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from hub.auth.principal import Principal
from hub.auth.resolver import Authenticator
from hub.profile.model import GevondenDocumenten, Routering
from hub.profile.service import ProfileService
from hub.routing import ServiceFailure
from hub.toegang import toegang_van
from registry.associations.model import Gebeurtenis, Vereniging
from registry.associations.service import VerenigingenRegister
from registry.i18n import Language
from registry.mandaten import Mandaten
from registry.meldingen.service import Meldingen
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from registry.toegangslog.service import Handeling, Toegang, Toegangslog


class Context(BaseContext):
    def __init__(
        self,
        *,
        register: VerenigingenRegister,
        principal: Principal | None,
        language: Language,
        max_page_size: int,
        toegangslog: Toegangslog,
        profile: ProfileService,
        diensten: DienstenRegister,
        op_maat: AanbodOpMaat,
        meldingen: Meldingen,
        authenticator: Authenticator | None = None,
        mandaten: Mandaten | None = None,
        operator: bool = False,
    ) -> None:
        super().__init__()
        self.register = register
        self.principal = principal
        self.language = language
        self.max_page_size = max_page_size
        self.toegangslog = toegangslog
        self.authenticator = authenticator
        self.mandaten = mandaten
        self.profile = profile
        self.diensten = diensten
        self.op_maat = op_maat
        self.meldingen = meldingen
        self.service_failures: list[tuple[list[str | int], ServiceFailure]] = []
        self.operator = operator
        """The request came with the operator's token: the answer shows whom each question went to."""
        self.routeringen: list[Routering] = []
        self.toegang: dict[tuple[str, Handeling, str], Toegang] = {}
        self._ongeschreven: list[Toegang] = []
        self._schrijven: list[asyncio.Future[None]] = []
        self.documenten: dict[str, asyncio.Future[GevondenDocumenten]] = {}
        """The documents of each association's dossiers, asked once per request (`Dossier.documenten`)."""
        # One loader per request: every `Vereniging` asked for in this request, by any path
        # (`_entities` included), is fetched in one query per batch.
        self.verenigingen: DataLoader[str, Vereniging | None] = DataLoader(load_fn=self._load_verenigingen)
        self.historiek: DataLoader[str, list[Gebeurtenis]] = DataLoader(load_fn=self._load_historiek)
        self.gewijzigd_op: DataLoader[str, datetime | None] = DataLoader(load_fn=self._load_gewijzigd_op)

    def record(self, v_code: str, handeling: Handeling, onderdeel: str) -> None:
        """Note a private read or a change by the current person; once per request and part.
        It is written when the operation ends (`toegang_geschreven`), or earlier, while the
        request waits on connected systems (`schrijf_toegang`)."""
        person = self.principal
        key = (v_code, handeling, onderdeel)
        if person is None or key in self.toegang:
            return
        entry = toegang_van(person, v_code, handeling, onderdeel)
        self.toegang[key] = entry
        self._ongeschreven.append(entry)

    def schrijf_toegang(self) -> None:
        """Start writing the entries noted so far, without waiting: called by a resolver once its
        questions to connected systems are out, so that the write runs while they answer rather
        than after. The answer still waits for it (`toegang_geschreven`)."""
        if not self._ongeschreven:
            return
        entries, self._ongeschreven = self._ongeschreven, []
        write = asyncio.ensure_future(self.toegangslog.schrijf(entries))
        write.add_done_callback(_seen)  # its failure is answered by `toegang_geschreven`
        self._schrijven.append(write)

    async def toegang_geschreven(self) -> None:
        """Once every entry noted so far is committed to the access log; `AccessLogUnavailable`
        when one could not be. The next operation of the request notes its own again."""
        self.schrijf_toegang()
        writes, self._schrijven = self._schrijven, []
        self.toegang.clear()
        for outcome in await asyncio.gather(*writes, return_exceptions=True):
            if isinstance(outcome, BaseException):
                raise outcome

    def report(self, path: Path, failures: list[ServiceFailure]) -> None:
        """Keep the failures of connected services, to answer them as errors at this field."""
        self.service_failures += [(list(path.as_list()), failure) for failure in failures]

    async def _load_verenigingen(self, v_codes: list[str]) -> list[Vereniging | None]:
        found = await self.register.get_many(v_codes)
        return [found.get(v_code) for v_code in v_codes]

    async def _load_gewijzigd_op(self, v_codes: list[str]) -> list[datetime | None]:
        found = await self.register.gewijzigd_op(v_codes)
        return [found.get(v_code) for v_code in v_codes]

    async def _load_historiek(self, v_codes: list[str]) -> list[list[Gebeurtenis]]:
        found = await self.register.historiek_of(v_codes)
        return [found[v_code] for v_code in v_codes]


def _seen(write: asyncio.Future[None]) -> None:
    """A write's failure counts as retrieved: the request it belonged to may have ended first."""
    if not write.cancelled():
        write.exception()
