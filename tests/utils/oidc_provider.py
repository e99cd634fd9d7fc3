"""A third-party, certified OpenID provider on loopback for tests, and a person signing in at it.

`running_oidc_provider` starts `tools/oidc-provider/provider.mjs` (panva's oidc-provider) with the
clients and accounts a test gives; `sign_in_at_oidc_provider` walks its development login and
consent pages over HTTP the way a browser would, and hands back the redirect to the client.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import NotRequired, TypedDict

import httpx
import pytest

from demo.personas import Persona
from tests.utils.servers import free_port
from tests.utils.services import services_required

PROVIDER_DIR = Path(__file__).resolve().parents[2] / "tools" / "oidc-provider"
PROVIDER_SCRIPT = PROVIDER_DIR / "provider.mjs"
START_ATTEMPTS = 2
START_TIMEOUT_SECONDS = 20.0
STOP_TIMEOUT_SECONDS = 10.0
MAX_SIGN_IN_STEPS = 12

ACR_EID = "urn:be:vlaanderen:authmech:eid"
ACR_ITSME = "urn:be:vlaanderen:authmech:itsme"


class OidcClient(TypedDict):
    """A client registration at the provider, in OpenID client metadata names."""

    client_id: str
    client_secret: str
    redirect_uris: list[str]
    post_logout_redirect_uris: NotRequired[list[str]]
    grant_types: NotRequired[list[str]]
    response_types: NotRequired[list[str]]
    token_endpoint_auth_method: NotRequired[str]


class AccountClaims(TypedDict, total=False):
    """What the provider knows of a person (ACM/IDM claim names); `acr` is how they signed in."""

    given_name: str
    family_name: str
    rrn: str
    vo_id: str
    acr: str
    vloket_rol_3d: list[str]
    vo_orgcode: str
    vo_orgnaam: str


class OidcProviderError(RuntimeError):
    """The provider did not start, did not stop cleanly, or its pages did not lead back to the client."""


def confidential_client(
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    post_logout_redirect_uri: str | None = None,
) -> OidcClient:
    """A web client like the hub: code flow, refresh tokens, client_secret_basic."""
    client = OidcClient(
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=[redirect_uri],
        grant_types=["authorization_code", "refresh_token"],
        response_types=["code"],
        token_endpoint_auth_method="client_secret_basic",
    )
    if post_logout_redirect_uri is not None:
        client["post_logout_redirect_uris"] = [post_logout_redirect_uri]
    return client


def account_for(persona: Persona, *, rollen: Sequence[str] = (), acr: str = ACR_EID) -> AccountClaims:
    """The ACM/IDM claims of a demo persona; `rollen` are `Role:OrgCode` values."""
    return AccountClaims(
        given_name=persona.voornaam,
        family_name=persona.achternaam,
        rrn=persona.insz,
        vo_id=str(uuid.uuid5(uuid.NAMESPACE_OID, f"vo_id:{persona.insz}")),
        acr=acr,
        vloket_rol_3d=list(rollen),
    )


def oidc_provider_problem() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js (`node`) is not on PATH; the third-party OpenID provider tests need it"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return "tools/oidc-provider is not installed (make oidc-provider-tools)"
    return None


@contextmanager
def running_oidc_provider(
    *,
    clients: list[OidcClient],
    accounts: dict[str, AccountClaims],
    conform_id_token_claims: bool = True,
) -> Iterator[str]:
    """Run the provider until the block ends; yields its issuer URL (no trailing slash).

    Sign in with an `accounts` key as login name. With `conform_id_token_claims` (the provider's
    default) the ID token holds `sub`, `acr` and session claims only, and scope claims come from
    userinfo; without it they are in the ID token too.

        with running_oidc_provider(clients=[client], accounts={"an": account_for(AN)}) as issuer:
            ...
    """
    problem = oidc_provider_problem()
    if problem:
        if services_required():
            pytest.fail(problem)
        pytest.skip(problem)
    node = shutil.which("node")
    assert node is not None
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            with _provider(node, clients, accounts, conform_id_token_claims) as issuer:
                yield issuer
                return
        except ProviderDidNotStart:
            # A port that another socket took between choosing and binding, or a start slower
            # than the wait: try once more on a new port before failing.
            if attempt == START_ATTEMPTS:
                raise


class ProviderDidNotStart(OidcProviderError):
    """The provider process is running but does not answer discovery."""


@contextmanager
def _provider(
    node: str, clients: list[OidcClient], accounts: dict[str, AccountClaims], conform_id_token_claims: bool
) -> Iterator[str]:
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = {
        "issuer": issuer,
        "port": port,
        "clients": clients,
        "accounts": accounts,
        "conformIdTokenClaims": conform_id_token_claims,
    }
    with tempfile.TemporaryDirectory(prefix="oidc-provider-") as workdir:
        config_path = Path(workdir) / "config.json"
        config_path.write_text(json.dumps(config), "utf-8")
        stderr_path = Path(workdir) / "stderr.log"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(  # noqa: S603 - our own script and config file
                [node, str(PROVIDER_SCRIPT), str(config_path)],
                cwd=PROVIDER_DIR,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                _wait_for_discovery(process, issuer, stderr_path)
                yield issuer
            finally:
                returncode = _stop(process)
        if returncode != 0:
            raise OidcProviderError(
                f"the OpenID provider exited with {returncode} when stopped; stderr:\n"
                + stderr_path.read_text("utf-8", errors="replace")
            )


def _wait_for_discovery(process: subprocess.Popen[bytes], issuer: str, stderr_path: Path) -> None:
    url = f"{issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    with httpx.Client(timeout=2.0) as http:
        while True:
            if process.poll() is not None:
                raise OidcProviderError(
                    f"the OpenID provider exited with {process.returncode} before answering {url}; "
                    "stderr:\n" + stderr_path.read_text("utf-8", errors="replace")
                )
            try:
                response = http.get(url)
                if response.status_code == 200 and response.json().get("issuer") == issuer:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                raise ProviderDidNotStart(
                    f"the OpenID provider did not answer {url} within {START_TIMEOUT_SECONDS:.0f}s; "
                    "stderr:\n" + stderr_path.read_text("utf-8", errors="replace")
                )
            time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def sign_in_at_oidc_provider(client: httpx.Client, authorize_url: str, *, account_id: str) -> httpx.URL:
    """Sign in as `account_id` and consent, as a browser would; returns the redirect to the client.

    The returned URL is on the authorize request's `redirect_uri` and carries `code` and `state`
    (or `error`); it is not requested. `client` keeps the provider's cookies, so signing in again
    with it is single sign-on.

        redirect = sign_in_at_oidc_provider(browser, authorize_url, account_id="an")
        code = redirect.params["code"]
    """
    redirect_uri = httpx.URL(authorize_url).params.get("redirect_uri")
    if redirect_uri is None:
        raise OidcProviderError(f"the authorize URL has no redirect_uri: {authorize_url}")
    response = client.get(authorize_url, follow_redirects=False)
    for _ in range(MAX_SIGN_IN_STEPS):
        if response.is_redirect:
            target = response.url.join(response.headers["location"])
            if _same_endpoint(target, httpx.URL(redirect_uri)):
                return target
            response = client.get(target, follow_redirects=False)
        elif response.status_code == 200:
            form = _interaction_form(response)
            fields = dict(form.fields)
            if fields.get("prompt") == "login":
                fields.update(login=account_id, password="any")  # the development pages check no password
            response = client.post(response.url.join(form.action), data=fields, follow_redirects=False)
        else:
            raise OidcProviderError(
                f"the provider answered {response.status_code} at {response.url}: {_page_text(response)}"
            )
    raise OidcProviderError(f"signing in did not lead back to {redirect_uri} in {MAX_SIGN_IN_STEPS} steps")


def sign_out_at_oidc_provider(client: httpx.Client, end_session_url: str) -> httpx.URL:
    """Confirm an RP-initiated logout; returns where the provider sends the browser next, unrequested.

    With a registered `post_logout_redirect_uri` that is it (with `state`); otherwise the
    provider's own "signed out" page.
    """
    response = client.get(end_session_url, follow_redirects=False)
    if response.status_code != 200:
        raise OidcProviderError(
            f"the provider answered {response.status_code} at {response.url}: {_page_text(response)}"
        )
    form = _interaction_form(response)
    fields = {**form.fields, "logout": "yes"}
    confirmed = client.post(response.url.join(form.action), data=fields, follow_redirects=False)
    if not confirmed.is_redirect:
        raise OidcProviderError(
            f"confirming logout answered {confirmed.status_code}: {_page_text(confirmed)}"
        )
    return confirmed.url.join(confirmed.headers["location"])


def _same_endpoint(url: httpx.URL, endpoint: httpx.URL) -> bool:
    return (url.scheme, url.host, url.port, url.path) == (
        endpoint.scheme,
        endpoint.host,
        endpoint.port,
        endpoint.path,
    )


class _Form:
    def __init__(self, action: str) -> None:
        self.action = action
        self.fields: dict[str, str] = {}


class _FormParser(HTMLParser):
    """The POST forms on a page, with their named inputs' values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._current: _Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and attributes.get("method", "get").lower() == "post":
            self._current = _Form(attributes.get("action", ""))
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attributes.get("name"):
            self._current.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _interaction_form(response: httpx.Response) -> _Form:
    parser = _FormParser()
    parser.feed(response.text)
    if len(parser.forms) != 1:
        raise OidcProviderError(
            f"expected one form at {response.url}, found {len(parser.forms)}: {_page_text(response)}"
        )
    return parser.forms[0]


def _page_text(response: httpx.Response) -> str:
    return " ".join(response.text.split())[:2000]
