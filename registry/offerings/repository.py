"""Loading and saving offerings: versions with optimistic concurrency, the search index of the
published version, and the history of actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, cast

from sqlalchemy import CursorResult, Row, Select, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.repository import utc
from registry.errors import VersionConflict
from registry.offerings.gebieden import toepassingsgebieden
from registry.offerings.model import Bestuur, Dienst, DienstInhoud, Dienststatus
from registry.offerings.tables import dienst_table, gebeurtenis_table, kenmerk_table, versie_table
from registry.text import fold, forbidden_character

THEMA_SLEUTEL: Final = "thema_sleutel"
"""A thema folded (case, accents): what a thema filter compares; `thema` keeps it as written."""
VERVANGEN: Final = "vervangen"
"""Status of a version a later one superseded; never read as a Dienst."""


class DienstVersieConflict(VersionConflict):
    """Somebody changed the offering since the version the caller started from."""

    message_key = "VERSION_CONFLICT_DIENST"


@dataclass(frozen=True)
class Stand:
    """An offering's current versions: the newest (draft, published or archived) and the
    published one, which is the newest itself or an older one while a draft is pending."""

    nieuwste: Dienst
    gepubliceerd: Dienst | None

    @property
    def besturen(self) -> list[Bestuur]:
        return [d.inhoud.bestuur for d in (self.nieuwste, self.gepubliceerd) if d is not None]


@dataclass(frozen=True)
class DienstGebeurtenis:
    dienst_id: str
    versie: int
    gebeurtenis: str
    tijdstip: datetime
    door: str


def bestuurcode(code: str) -> str:
    """The form administration codes are compared and stored in."""
    return code.strip().upper()


def _dienst_query() -> Select[Any]:
    return select(
        dienst_table.c.id,
        dienst_table.c.bron,
        dienst_table.c.bron_id,
        versie_table.c.versie,
        versie_table.c.status,
        versie_table.c.document,
        versie_table.c.gewijzigd_op,
        versie_table.c.gepubliceerd_op,
    ).join_from(versie_table, dienst_table, versie_table.c.dienst_id == dienst_table.c.id)


def to_dienst(row: Row[Any]) -> Dienst:
    # One validation of the whole, not one per part: matching reads every published offering.
    return Dienst.model_validate(
        {
            "id": row.id,
            "versie": row.versie,
            "status": row.status,
            "inhoud": row.document,
            "bron": row.bron,
            "bron_id": row.bron_id,
            "gewijzigd_op": utc(row.gewijzigd_op),
            "gepubliceerd_op": utc(row.gepubliceerd_op) if row.gepubliceerd_op else None,
        }
    )


def published_query() -> Select[Any]:
    """Every published version, joined to its offering (for search and matching)."""
    return _dienst_query().where(versie_table.c.versie == dienst_table.c.gepubliceerde_versie)


MAX_ID = 40
"""The longest id an offering has (the column's length)."""


async def stand(session: AsyncSession, dienst_id: str, *, for_update: bool = False) -> Stand | None:
    if len(dienst_id) > MAX_ID or forbidden_character(dienst_id) is not None:
        return None  # no offering has such an id: not asked (PostgreSQL refuses a NUL outright)
    if for_update:
        # Serialises actions on one offering on PostgreSQL; SQLite's write lock already does.
        lock = select(dienst_table.c.id).where(dienst_table.c.id == dienst_id).with_for_update()
        if (await session.execute(lock)).scalar_one_or_none() is None:
            return None
    query = (
        _dienst_query()
        .where(versie_table.c.dienst_id == dienst_id, versie_table.c.status != VERVANGEN)
        .order_by(versie_table.c.versie.desc())
    )
    current = [to_dienst(row) for row in (await session.execute(query)).all()]
    if not current:
        return None
    published = next((d for d in current if d.status is Dienststatus.GEPUBLICEERD), None)
    return Stand(nieuwste=current[0], gepubliceerd=published)


async def id_van_bron(session: AsyncSession, bron: str, bron_id: str) -> str | None:
    query = select(dienst_table.c.id).where(dienst_table.c.bron == bron, dienst_table.c.bron_id == bron_id)
    return (await session.execute(query)).scalar_one_or_none()


async def niet_gearchiveerd_van_bron(session: AsyncSession, bron: str) -> dict[str, str]:
    """The offerings of `bron` not archived: each one's id by its id at the source."""
    query = (
        select(dienst_table.c.id, dienst_table.c.bron_id)
        .join(
            versie_table,
            (versie_table.c.dienst_id == dienst_table.c.id)
            & (versie_table.c.versie == dienst_table.c.laatste_versie),
        )
        .where(dienst_table.c.bron == bron, versie_table.c.status != Dienststatus.GEARCHIVEERD.value)
    )
    return {row.bron_id: row.id for row in (await session.execute(query)).all()}


async def nieuwste_van(session: AsyncSession, besturen: Iterable[str] | None) -> list[Dienst]:
    """The newest version of every offering of these administrations (of all when None)."""
    query = _dienst_query().where(versie_table.c.versie == dienst_table.c.laatste_versie)
    if besturen is not None:
        query = query.where(dienst_table.c.bestuur_code.in_([bestuurcode(b) for b in besturen]))
    return [to_dienst(row) for row in (await session.execute(query)).all()]


async def add(session: AsyncSession, dienst: Dienst) -> None:
    await session.execute(
        insert(dienst_table).values(
            id=dienst.id,
            bron=dienst.bron,
            bron_id=dienst.bron_id,
            bestuur_code=bestuurcode(dienst.inhoud.bestuur.code),
            laatste_versie=dienst.versie,
            aangemaakt_op=dienst.gewijzigd_op,
        )
    )
    await _insert_versie(session, dienst)


async def add_versie(session: AsyncSession, stand: Stand, nieuw: Dienst) -> None:
    """Store `nieuw` as the next draft, superseding a pending draft, unless somebody stored
    another version since `stand` was read."""
    result = await session.execute(
        update(dienst_table)
        .where(dienst_table.c.id == nieuw.id, dienst_table.c.laatste_versie == stand.nieuwste.versie)
        .values(laatste_versie=nieuw.versie, bestuur_code=bestuurcode(nieuw.inhoud.bestuur.code))
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        actueel = select(dienst_table.c.laatste_versie).where(dienst_table.c.id == nieuw.id)
        raise DienstVersieConflict(
            verwacht=stand.nieuwste.versie, actueel=(await session.execute(actueel)).scalar_one()
        )
    if stand.nieuwste.status is Dienststatus.DRAFT:
        await _supersede(session, nieuw.id, keep=nieuw.versie)
    await _insert_versie(session, nieuw)


async def publish(session: AsyncSession, stand: Stand, moment: datetime) -> Dienst:
    """Publish the newest version; the one published before is superseded."""
    published = stand.nieuwste.model_copy(
        update={"status": Dienststatus.GEPUBLICEERD, "gepubliceerd_op": moment}
    )
    await _supersede(session, published.id, keep=published.versie)
    await _set_status(session, published)
    await _index(session, published)
    return published


async def archive(session: AsyncSession, stand: Stand) -> Dienst:
    """Archive the offering as its newest version reads; older versions are superseded."""
    archived = stand.nieuwste.model_copy(update={"status": Dienststatus.GEARCHIVEERD})
    await _supersede(session, archived.id, keep=archived.versie)
    await _set_status(session, archived)
    await _unindex(session, archived.id)
    return archived


async def _insert_versie(session: AsyncSession, dienst: Dienst) -> None:
    await session.execute(
        insert(versie_table).values(
            dienst_id=dienst.id,
            versie=dienst.versie,
            status=dienst.status.value,
            document=dienst.inhoud.model_dump(mode="json"),
            gewijzigd_op=dienst.gewijzigd_op,
            gepubliceerd_op=dienst.gepubliceerd_op,
        )
    )


async def _supersede(session: AsyncSession, dienst_id: str, *, keep: int) -> None:
    await session.execute(
        update(versie_table)
        .where(
            versie_table.c.dienst_id == dienst_id,
            versie_table.c.versie != keep,
            versie_table.c.status != VERVANGEN,
        )
        .values(status=VERVANGEN)
    )


async def _set_status(session: AsyncSession, dienst: Dienst) -> None:
    await session.execute(
        update(versie_table)
        .where(versie_table.c.dienst_id == dienst.id, versie_table.c.versie == dienst.versie)
        .values(status=dienst.status.value, gepubliceerd_op=dienst.gepubliceerd_op)
    )


def kenmerken(inhoud: DienstInhoud) -> set[tuple[str, str]]:
    """The characteristics search filters and facets work on."""
    found = {("thema", thema) for thema in inhoud.themas}
    found |= {(THEMA_SLEUTEL, fold(thema)) for thema in inhoud.themas}
    found |= {("gebied", gebied) for gebied in toepassingsgebieden(inhoud)}
    return found


async def _index(session: AsyncSession, dienst: Dienst) -> None:
    inhoud = dienst.inhoud
    await session.execute(
        update(dienst_table)
        .where(dienst_table.c.id == dienst.id)
        .values(
            gepubliceerde_versie=dienst.versie,
            zoektitel=fold(inhoud.titel)[:400],
            gepubliceerd_type=inhoud.type.value,
            gepubliceerd_bestuur=bestuurcode(inhoud.bestuur.code),
            zoektekst=fold(f"{inhoud.titel} {inhoud.beschrijving}"),
            open_van=inhoud.aanvraagperiode.van,
            open_tot=inhoud.aanvraagperiode.tot,
        )
    )
    await session.execute(delete(kenmerk_table).where(kenmerk_table.c.dienst_id == dienst.id))
    rows = [
        {"dienst_id": dienst.id, "soort": soort, "waarde": waarde[:120]}
        for soort, waarde in sorted(kenmerken(inhoud))
    ]
    if rows:
        await session.execute(insert(kenmerk_table), rows)


async def _unindex(session: AsyncSession, dienst_id: str) -> None:
    await session.execute(
        update(dienst_table)
        .where(dienst_table.c.id == dienst_id)
        .values(
            gepubliceerde_versie=None,
            zoektitel=None,
            gepubliceerd_type=None,
            gepubliceerd_bestuur=None,
            zoektekst=None,
            open_van=None,
            open_tot=None,
        )
    )
    await session.execute(delete(kenmerk_table).where(kenmerk_table.c.dienst_id == dienst_id))


async def catalogusstand(session: AsyncSession) -> int:
    newest = await session.execute(select(func.max(gebeurtenis_table.c.id)))
    return newest.scalar_one_or_none() or 0


async def append(session: AsyncSession, events: Sequence[DienstGebeurtenis]) -> None:
    await session.execute(
        insert(gebeurtenis_table),
        [
            {
                "dienst_id": e.dienst_id,
                "versie": e.versie,
                "gebeurtenis": e.gebeurtenis,
                "tijdstip": e.tijdstip,
                "door": e.door[:255],
            }
            for e in events
        ],
    )


async def historiek(session: AsyncSession, dienst_id: str) -> list[DienstGebeurtenis]:
    query = (
        select(gebeurtenis_table)
        .where(gebeurtenis_table.c.dienst_id == dienst_id)
        .order_by(gebeurtenis_table.c.id)
    )
    return [
        DienstGebeurtenis(
            dienst_id=row.dienst_id,
            versie=row.versie,
            gebeurtenis=row.gebeurtenis,
            tijdstip=utc(row.tijdstip),
            door=row.door,
        )
        for row in (await session.execute(query)).all()
    ]
