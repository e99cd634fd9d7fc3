"""`vloket catalog`: import offerings from a catalog file or URL (JSON-LD in the IPDC / CPSV-AP
shape, or CSV; see docs/catalog-import.md), and run one incremental sync of a configured
subsidy catalog.

Exit codes: 0 all went in; 1 some records were refused (the valid ones are stored); 2 the file,
the URL or the catalog could not be read at all. `create_catalog_app(entry_points=...)` names
the connector classes to use instead of the installed ones (tests).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import httpx
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from connectors.sdk import ConnectorError
from connectors.sdk.discovery import configure, discover, read_instances
from connectors.sdk.http import http_client
from connectors.subsidy_catalog import SubsidieCatalogus
from hub.catalog.sync import SyncUitkomst, synchroniseer
from hub.settings import Settings
from registry.db import Database
from registry.errors import RegisterError
from registry.offerings.importing import (
    MAX_BYTES,
    BestandOnleesbaar,
    Formaat,
    Fout,
    Gelezen,
    formaat_van,
    records_uit,
)
from registry.offerings.importing.jsonld import leesbare_grootte
from registry.offerings.importing.opslaan import Verslag, sla_op
from registry.offerings.service import DienstenRegister, Uitgever
from registry.text import neutralise

ConnectorsFile = Annotated[
    Path | None,
    typer.Option(
        "--file", envvar="HUB_CONNECTORS_FILE", dir_okay=False, help="The connectors file (TOML or YAML)."
    ),
]
ONLEESBAAR = 2
MAX_BRON = 100
"""Room for the name in the register, also as `catalog:<name>` in the history of each offering."""


class Onbruikbaar(Exception):
    """The catalog connector named cannot be used; the message says why."""


def create_catalog_app(*, entry_points: Sequence[EntryPoint] | None = None) -> typer.Typer:
    """The `catalog` commands; `entry_points` replaces the installed connector classes (tests)."""
    app = typer.Typer(help="Catalogs of offerings: import one, sync one.", no_args_is_help=True)

    @app.command("import")
    def import_command(
        locatie: Annotated[
            str, typer.Argument(metavar="FILE|URL", help="A .csv, .json or .jsonld file, or a URL.")
        ],
        bron: Annotated[
            str | None,
            typer.Option(help="The catalog's name in the register; default: the file's name or host."),
        ] = None,
        als: Annotated[
            list[str] | None,
            typer.Option(help="Import only for this administration (bestuur code); repeat for more."),
        ] = None,
        concept: Annotated[bool, typer.Option(help="Store as drafts; publish nothing.")] = False,
        max_mb: Annotated[int, typer.Option(min=1, help="Refuse a JSON-LD file larger than this.")] = (
            MAX_BYTES // 2**20
        ),
        timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a URL gets to answer.")] = 30.0,
    ) -> None:
        """Import the offerings of a catalog file or URL; importing it again changes nothing."""
        naam = bron or _naam_van(locatie)
        if not 0 < len(naam) <= MAX_BRON:
            Console().print(
                f"De naam van de catalogus (--bron) telt 1 tot {MAX_BRON} tekens, niet {len(naam)}."
            )
            raise typer.Exit(ONLEESBAAR)
        uitgever = Uitgever(door=f"catalog:{naam}", besturen=frozenset(als) if als else None)
        code = importeer_catalogus(
            locatie,
            bron=naam,
            uitgever=uitgever,
            publiceer=not concept,
            max_bytes=max_mb * 2**20,
            timeout=timeout,
        )
        raise typer.Exit(code)

    @app.command("sync")
    def sync_command(
        name: Annotated[
            str, typer.Argument(help="The subsidy_catalog instance's name in the connectors file.")
        ],
        file: ConnectorsFile = None,
    ) -> None:
        """Run one incremental sync of a configured subsidy catalog and show what changed."""
        raise typer.Exit(synchroniseer_catalogus(name, file, entry_points=entry_points))

    return app


def importeer_catalogus(
    locatie: str, *, bron: str, uitgever: Uitgever, publiceer: bool, max_bytes: int, timeout: float
) -> int:
    """Import, show the summary and every refusal, and say how it went (the exit code)."""
    console = Console()
    verslag = Verslag()
    onleesbaar: Fout | None = None
    try:
        with _lokaal(locatie, max_bytes=max_bytes, timeout=timeout) as (pad, formaat):
            records = records_uit(pad, formaat, max_bytes=max_bytes)
            asyncio.run(_bewaar(records, verslag, bron=bron, uitgever=uitgever, publiceer=publiceer))
    except BestandOnleesbaar as error:
        onleesbaar = error.fout
    if verslag.nieuw or verslag.gewijzigd or verslag.ongewijzigd or verslag.fouten or onleesbaar is None:
        _toon(console, verslag)
    if onleesbaar is not None:
        console.print(
            Text.assemble(("Niet (verder) ingelezen: ", "bold red"), str(onleesbaar)), soft_wrap=True
        )
        return ONLEESBAAR
    return 1 if verslag.fouten else 0


async def _bewaar(
    records: Iterable[Gelezen], verslag: Verslag, *, bron: str, uitgever: Uitgever, publiceer: bool
) -> None:
    db = _database()
    try:
        columns = (SpinnerColumn(), TextColumn("{task.completed} records gelezen"), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("importeren", total=None)
            await sla_op(
                DienstenRegister(db=db),
                records,
                bron=bron,
                uitgever=uitgever,
                publiceer=publiceer,
                verslag=verslag,
                na_elk=lambda: progress.advance(task),
            )
    finally:
        await db.dispose()


@contextmanager
def _lokaal(locatie: str, *, max_bytes: int, timeout: float) -> Iterator[tuple[Path, Formaat]]:
    """The file at `locatie` on disk with its kind: a URL downloaded to a temporary file."""
    if not _is_url(locatie):
        pad = Path(locatie)
        if not pad.is_file():
            raise BestandOnleesbaar(Fout(locatie, "", "dit bestand bestaat niet"))
        yield pad, formaat_van(pad.name)
        return
    with tempfile.TemporaryDirectory(prefix="vloket-catalog-") as tijdelijk:
        pad = Path(tijdelijk) / "catalogus"
        yield pad, asyncio.run(_download(locatie, pad, max_bytes=max_bytes, seconden=timeout))


async def _download(url: str, pad: Path, *, max_bytes: int, seconden: float) -> Formaat:
    """Fetch `url` into `pad`; a JSON-LD document over `max_bytes` is refused while it comes in."""
    try:
        async with http_client(timeout=seconden) as http, http.stream("GET", url) as response:
            if not response.is_success:
                raise BestandOnleesbaar(Fout(url, "", f"de server antwoordde HTTP {response.status_code}"))
            formaat = formaat_van(url, response.headers.get("content-type"))
            grootte = 0
            with pad.open("wb") as bestand:
                async for stuk in response.aiter_bytes():
                    grootte += len(stuk)
                    if formaat is Formaat.JSONLD and grootte > max_bytes:
                        grens = leesbare_grootte(max_bytes)
                        raise BestandOnleesbaar(
                            Fout(url, "", f"het document is groter dan de grens van {grens}")
                        )
                    bestand.write(stuk)
    except httpx.HTTPError as error:
        raise BestandOnleesbaar(
            Fout(url, "", f"niet op te halen: {type(error).__name__}: {error}")
        ) from error
    return formaat


def synchroniseer_catalogus(
    name: str, file: Path | None, *, entry_points: Sequence[EntryPoint] | None
) -> int:
    """Sync, show what changed, and say how it went (the exit code)."""
    console = Console()
    try:
        catalogus = _catalogus(name, file, entry_points)
    except Onbruikbaar as error:
        console.print(Text.assemble(("Geen sync: ", "bold red"), neutralise(str(error))), soft_wrap=True)
        return ONLEESBAAR
    try:
        uitkomst = asyncio.run(_sync(catalogus))
    except (ConnectorError, RegisterError) as error:
        console.print(
            Text.assemble(("Sync mislukt, er is niets verschoven: ", "bold red"), str(error)), soft_wrap=True
        )
        return ONLEESBAAR
    _toon(console, uitkomst.verslag, gearchiveerd=uitkomst.gearchiveerd)
    _toon_wijzigingen(console, uitkomst)
    return 1 if uitkomst.verslag.fouten else 0


async def _sync(catalogus: SubsidieCatalogus) -> SyncUitkomst:
    db = _database()
    try:
        return await synchroniseer(catalogus, DienstenRegister(db=db))
    finally:
        await catalogus.aclose()
        await db.dispose()


def _catalogus(name: str, file: Path | None, entry_points: Sequence[EntryPoint] | None) -> SubsidieCatalogus:
    if file is None:
        raise Onbruikbaar("geen connectorbestand: geef --file of zet HUB_CONNECTORS_FILE")
    kinds, problems = discover(entry_points)
    try:
        instances = [entry for entry in read_instances(file) if entry.get("name") == name]
    except ValueError as error:
        raise Onbruikbaar(str(error)) from error
    if not instances:
        raise Onbruikbaar(f"er is geen connector {name!r} in {file}")
    loaded = configure(instances, kinds)
    kind = str(instances[0].get("kind"))
    problems = [p for p in problems if p.where == f"entry point {kind}"] + loaded.problems
    if problems:
        raise Onbruikbaar("; ".join(f"{p.where}: {p.reason}" for p in problems))
    [connector] = loaded.connectors
    if not isinstance(connector, SubsidieCatalogus):
        raise Onbruikbaar(f"{name} is een connector van soort {kind!r}, geen subsidy_catalog")
    return connector


def _toon(console: Console, verslag: Verslag, *, gearchiveerd: int | None = None) -> None:
    table = Table(
        "nieuw", "gewijzigd", "ongewijzigd", *(["gearchiveerd"] * (gearchiveerd is not None)), "fouten"
    )
    aantallen = [len(verslag.nieuw), len(verslag.gewijzigd), len(verslag.ongewijzigd)]
    aantallen += [gearchiveerd] if gearchiveerd is not None else []
    table.add_row(*map(str, aantallen), Text(str(verslag.geweigerd), style="red" if verslag.fouten else ""))
    console.print(table)
    for fout in verslag.fouten:
        waar = f"{fout.plaats}, {fout.veld}" if fout.veld else fout.plaats
        console.print(
            Text.assemble((neutralise(waar), "bold"), ": ", neutralise(fout.melding)), soft_wrap=True
        )


def _toon_wijzigingen(console: Console, uitkomst: SyncUitkomst) -> None:
    for teken, ids in (
        ("+", uitkomst.verslag.nieuw),
        ("~", uitkomst.verslag.gewijzigd),
        ("-", uitkomst.verwijderd),
    ):
        for bron_id in sorted(ids):
            console.print(Text(f"{teken} {neutralise(bron_id)}"), soft_wrap=True, highlight=False)
    sinds = uitkomst.sinds.isoformat() if uitkomst.sinds else "het begin"
    tot = uitkomst.tot.isoformat() if uitkomst.tot else "-"
    console.print(
        f"{uitkomst.bron}: {uitkomst.gelezen} gelezen, wijzigingen van {sinds} tot {tot}.", soft_wrap=True
    )


def _naam_van(locatie: str) -> str:
    if _is_url(locatie):
        return urlsplit(locatie).hostname or locatie
    return Path(locatie).stem


def _is_url(locatie: str) -> bool:
    return locatie.lower().startswith(("http://", "https://"))


def _database() -> Database:
    db = Database(Settings().database_url)
    db.migrate()
    return db


catalog_app = create_catalog_app()
