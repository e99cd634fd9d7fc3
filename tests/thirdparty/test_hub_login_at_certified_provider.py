"""The hub logs in against a third-party, OpenID Certified provider configured only through its
`HUB_OIDC_*` settings: the person, their INSZ from userinfo, on whose behalf, and logout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pytest
from pydantic import SecretStr

from demo.personas import AN, LOTTE
from hub.app import create_app
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from tests.utils.oidc_provider import (
    account_for,
    confidential_client,
    running_oidc_provider,
    sign_in_at_oidc_provider,
)
from tests.utils.servers import free_port, serving

MIJ = "{ mij { insz voornaam achternaam aanmeldmiddel namens { vCode } verenigingen { vCode } } }"
SECRET = "hub-secret-at-the-certified-provider"


@dataclass(frozen=True)
class Running:
    hub: str
    issuer: str


@pytest.fixture
def running(settings: Settings, database_url: str, seeded: VerenigingenRegister) -> Iterator[Running]:
    hub = f"http://127.0.0.1:{free_port()}"
    client = confidential_client(
        client_id="vloket-hub",
        client_secret=SECRET,
        redirect_uri=f"{hub}/auth/callback",
        post_logout_redirect_uri=f"{hub}/",
    )
    accounts = {"an": account_for(AN), "lotte": account_for(LOTTE)}
    with running_oidc_provider(clients=[client], accounts=accounts) as issuer:
        configured = settings.model_copy(
            update={
                "database_url": database_url,
                "oidc_issuer": issuer,
                "oidc_client_id": "vloket-hub",
                "oidc_client_secret": SecretStr(SECRET),
                "public_url": hub,
            }
        )
        with serving(create_app(configured), port=int(urlsplit(hub).port or 0)):
            yield Running(hub=hub, issuer=issuer)


def log_in(browser: httpx.Client, running: Running, account: str) -> httpx.Response:
    start = browser.get(f"{running.hub}/auth/login", params={"next": "/"})
    assert start.status_code == 302, start.text
    callback = sign_in_at_oidc_provider(browser, start.headers["location"], account_id=account)
    response = browser.get(str(callback))
    assert response.status_code == 303, response.text
    return browser.get(f"{running.hub}/")


def mij(browser: httpx.Client, running: Running) -> dict[str, object] | None:
    response = browser.post(f"{running.hub}/graphql", json={"query": MIJ}, headers={"Origin": running.hub})
    found: dict[str, object] | None = response.json()["data"]["mij"]
    return found


def test_login_at_the_certified_provider_gives_the_person_and_their_association(running: Running) -> None:
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        landing = log_in(browser, running, "an")
        person = mij(browser, running)

    assert "Dag An Janssens" in landing.text
    assert person == {
        "insz": AN.insz,
        "voornaam": AN.voornaam,
        "achternaam": AN.achternaam,
        "aanmeldmiddel": "urn:be:vlaanderen:authmech:eid",
        "namens": {"vCode": "V0001001"},
        "verenigingen": [{"vCode": "V0001001"}],
    }


def test_logout_ends_the_session_and_goes_to_the_providers_end_session(running: Running) -> None:
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        landing = log_in(browser, running, "lotte")
        csrf = re.search(r'name="csrf" value="([^"]+)"', landing.text)
        assert csrf is not None
        out = browser.post(f"{running.hub}/auth/logout", data={"csrf": csrf.group(1)})
        after = mij(browser, running)

    assert out.status_code == 303
    assert out.headers["location"].startswith(running.issuer)
    assert "id_token_hint=" in out.headers["location"]
    assert after is None
