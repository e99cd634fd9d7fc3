"""`vloket connectors`: make a new connector project, list the configured connectors with their
health, and check one (its configuration, its remote, the token exchange for its audience).

The connector classes come from the installed entry points (`vloket.connectors`);
`create_connectors_app(entry_points=...)` names others, for tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Annotated, Literal

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from connectors.sdk import Health, capabilities_of
from connectors.sdk.discovery import AnyConnector, Problem, configure, discover, read_instances
from connectors.sdk.http import http_client
from connectors.sdk.scaffold import InvalidConnectorName, TargetExists, render_connector
from hub.auth.oidc import OAuthError
from hub.auth.provider import ProviderError
from hub.auth.wiring import openid_client
from hub.settings import Settings

ConnectorsFile = Annotated[
    Path | None,
    typer.Option(
        "--file", envvar="HUB_CONNECTORS_FILE", dir_okay=False, help="The connectors file (TOML or YAML)."
    ),
]
Timeout = Annotated[float, typer.Option(min=0.1, max=600, help="Seconds each remote gets to answer.")]
Outcome = Literal["ok", "failed", "skipped"]
STYLE: dict[Outcome, str] = {"ok": "green", "failed": "red", "skipped": "yellow"}


@dataclass(frozen=True)
class Verdict:
    check: str
    outcome: Outcome
    detail: str


def create_connectors_app(*, entry_points: Sequence[EntryPoint] | None = None) -> typer.Typer:
    """The `connectors` commands; `entry_points` replaces the installed ones (tests)."""
    app = typer.Typer(
        help="Connectors: make one, list them, check one or all.", no_args_is_help=True, add_completion=False
    )
    app.command("new")(new)

    @app.command("list")
    def list_command(file: ConnectorsFile = None, timeout: Timeout = 3.0) -> None:
        """Every configured connector with its capabilities and health, and each one skipped."""
        raise typer.Exit(list_connectors(file, timeout=timeout, entry_points=entry_points))

    @app.command("check")
    def check_command(
        name: Annotated[
            str | None, typer.Argument(help="The instance's name in the connectors file.")
        ] = None,
        every: Annotated[
            bool, typer.Option("--all", help="Check every configured connector, in parallel.")
        ] = False,
        file: ConnectorsFile = None,
        subject_token: Annotated[
            str | None, typer.Option(help="A person's access token to exchange (needs HUB_OIDC_*).")
        ] = None,
        timeout: Timeout = 5.0,
        parallel: Annotated[int, typer.Option(min=1, max=200, help="With --all: checks at once.")] = 32,
    ) -> None:
        """Check one connector, or all: configuration, remote reachable, token exchange for its
        audience."""
        if (name is None) == (not every):
            Console(stderr=True).print("name one connector, or give --all (not both)")
            raise typer.Exit(2)
        if every:
            code = check_all(
                file,
                subject_token=subject_token,
                timeout=timeout,
                parallel=parallel,
                entry_points=entry_points,
            )
        else:
            assert name is not None
            code = check_connector(
                name, file, subject_token=subject_token, timeout=timeout, entry_points=entry_points
            )
        raise typer.Exit(code)

    return app


def new(
    name: Annotated[str, typer.Argument(help="The connector's kind, e.g. `mijn-dienst`.")],
    output: Annotated[Path, typer.Option(file_okay=False, help="Where its directory goes.")] = Path(),
) -> None:
    """Make a new connector project that passes the SDK's conformance suite."""
    console = Console()
    try:
        project = render_connector(name, output=output)
    except (InvalidConnectorName, TargetExists) as error:
        console.print(Text(str(error), style="red"), soft_wrap=True)
        raise typer.Exit(2) from error
    console.print(f"Connector {name!r} made in {project}", soft_wrap=True, markup=False)
    console.print(f"Next: cd {project} && pip install -e '.[dev]' && pytest", soft_wrap=True, markup=False)


def list_connectors(
    file: Path | None, *, timeout: float, entry_points: Sequence[EntryPoint] | None = None
) -> int:
    """Print the table and the problems; 1 when any connector was skipped."""
    console = Console()
    connectors, problems = _load(file, entry_points, only=None)
    healths = asyncio.run(_healths(connectors, timeout))
    table = Table("name", "kind", "version", "capabilities", "area", "health", title="Connectors")
    for connector, health in zip(connectors, healths, strict=True):
        table.add_row(
            Text(connector.name),
            Text(type(connector).kind),
            Text(connector.version),
            ", ".join(capabilities_of(connector)) or "-",
            Text(area(connector.config.gebied)),
            Text(health.detail, style="green" if health.reachable else "red"),
        )
    console.print(table)
    _print_problems(console, problems)
    return 1 if problems else 0


def area(gebied: Sequence[str]) -> str:
    """Where a connector is asked, in a table cell: its codes, a few of many, or all of Flanders."""
    if not gebied:
        return "Vlaanderen"
    shown = ", ".join(gebied[:5])
    return shown if len(gebied) <= 5 else f"{shown} and {len(gebied) - 5} more"


def check_connector(
    name: str,
    file: Path | None,
    *,
    subject_token: str | None,
    timeout: float,
    entry_points: Sequence[EntryPoint] | None = None,
) -> int:
    """Print one verdict per check; 1 when any check failed."""
    console = Console()
    connectors, problems = _load(file, entry_points, only=name)
    if not connectors:
        reason = "; ".join(p.reason for p in problems) or f"no connector named {name!r} in {file}"
        verdicts = [Verdict("configuration", "failed", reason)]
    else:
        connector = connectors[0]
        summary = f"{type(connector).kind} {connector.version}: {', '.join(capabilities_of(connector))}"
        verdicts = [Verdict("configuration", "ok", summary)]
        verdicts += asyncio.run(_probe(connector, subject_token, timeout))
    # Names, paths and details are shown as they are: never read as the console's markup.
    table = Table("check", "outcome", "detail", title=Text(f"Connector {name}"))
    for verdict in verdicts:
        table.add_row(
            Text(verdict.check), Text(verdict.outcome, style=STYLE[verdict.outcome]), Text(verdict.detail)
        )
    console.print(table)
    return 1 if any(v.outcome == "failed" for v in verdicts) else 0


def check_all(
    file: Path | None,
    *,
    subject_token: str | None,
    timeout: float,
    parallel: int,
    entry_points: Sequence[EntryPoint] | None = None,
) -> int:
    """Check every configured connector, `parallel` at a time, with a progress bar on stderr;
    print a row per connector and the problems; 1 when any check failed or any was skipped."""
    console = Console()
    connectors, problems = _load(file, entry_points, only=None)
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("connectors", total=len(connectors))
        verdicts = asyncio.run(_probe_all(connectors, subject_token, timeout, parallel, progress, task))
    table = Table("name", "kind", "area", "remote reachable", "token exchange", title="Connectors checked")
    for connector, (reachable, exchange) in zip(connectors, verdicts, strict=True):
        table.add_row(
            Text(connector.name),
            Text(type(connector).kind),
            Text(area(connector.config.gebied)),
            Text(reachable.detail, style=STYLE[reachable.outcome]),
            Text(exchange.detail, style=STYLE[exchange.outcome]),
        )
    console.print(table)
    _print_problems(console, problems)
    failed = sum(1 for pair in verdicts for verdict in pair if verdict.outcome == "failed")
    console.print(f"{len(connectors)} checked, {failed} checks failed, {len(problems)} skipped")
    return 1 if failed or problems else 0


async def _probe_all(
    connectors: Sequence[AnyConnector],
    subject_token: str | None,
    within: float,
    parallel: int,
    progress: Progress,
    task: TaskID,
) -> list[list[Verdict]]:
    gate = asyncio.Semaphore(parallel)

    async def one(connector: AnyConnector) -> list[Verdict]:
        async with gate:
            try:
                return await _probe(connector, subject_token, within)
            finally:
                progress.advance(task)

    return list(await asyncio.gather(*(one(c) for c in connectors)))


def _load(
    file: Path | None, entry_points: Sequence[EntryPoint] | None, *, only: str | None
) -> tuple[list[AnyConnector], list[Problem]]:
    """The configured connectors (only the one named `only`, if given) and every problem."""
    kinds, problems = discover(entry_points)
    if file is None:
        return [], [
            *problems,
            Problem("connectors file", "none given: pass --file or set HUB_CONNECTORS_FILE"),
        ]
    try:
        instances = read_instances(file)
    except ValueError as error:
        return [], [*problems, Problem("connectors file", str(error))]
    if only is not None:
        instances = [entry for entry in instances if entry.get("name") == only]
        wanted = {str(entry.get("kind")) for entry in instances}
        problems = [p for p in problems if p.where in {f"entry point {kind}" for kind in wanted}]
    loaded = configure(instances, kinds)
    return loaded.connectors, [*problems, *loaded.problems]


def _print_problems(console: Console, problems: Iterable[Problem]) -> None:
    for problem in problems:
        console.print(Text.assemble(("skipped ", "red"), (problem.where, "bold"), f": {problem.reason}"))


async def _healths(connectors: Sequence[AnyConnector], within: float) -> list[Health]:
    try:
        return list(await asyncio.gather(*(_health(c, within) for c in connectors)))
    finally:
        await asyncio.gather(*(c.aclose() for c in connectors))


async def _health(connector: AnyConnector, within: float) -> Health:
    try:
        return await asyncio.wait_for(connector.health(), within)
    except TimeoutError:
        return Health(reachable=False, detail=f"no answer within {within:g}s")
    except Exception as error:  # one connector's broken health() must not end the listing
        return Health(reachable=False, detail=f"health() raised {type(error).__name__}: {error}")


async def _probe(connector: AnyConnector, subject_token: str | None, within: float) -> list[Verdict]:
    try:
        health = await _health(connector, within)
    finally:
        await connector.aclose()
    reachable = Verdict("remote reachable", "ok" if health.reachable else "failed", health.detail)
    return [reachable, await _exchange(connector.config.audience, subject_token, within)]


async def _exchange(audience: str, subject_token: str | None, within: float) -> Verdict:
    """A token for `audience` by RFC 8693 exchange at HUB_OIDC_ISSUER, as the hub would get it."""
    check = "token exchange"
    if subject_token is None:
        return Verdict(check, "skipped", "no --subject-token given")
    try:
        settings = Settings()
    except ValidationError as error:
        return Verdict(check, "failed", f"HUB_ settings are invalid: {error}")
    if settings.oidc_issuer is None:
        return Verdict(check, "skipped", "HUB_OIDC_ISSUER is not set")
    async with http_client(timeout=within) as http:
        try:
            tokens = await openid_client(settings, settings.oidc_issuer, http).exchange_token(
                subject_token=subject_token, audience=audience
            )
        except (OAuthError, ProviderError) as error:
            return Verdict(check, "failed", f"{type(error).__name__}: {error}")
    lifetime = f", valid for {tokens.expires_in}s" if tokens.expires_in else ""
    return Verdict(check, "ok", f"a token for audience {audience!r}{lifetime}")


connectors_app = create_connectors_app()
