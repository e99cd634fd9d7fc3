"""Cookies are sent with `Secure` wherever the hub is reached: only a plain-http hub on this
machine (the demo) sets them without, since a browser would never send them back there."""

from __future__ import annotations

import httpx
import pytest

from hub.auth.routes import LOGIN_COOKIE
from hub.settings import Settings
from tests.auth.stack import running_stack


@pytest.mark.parametrize(
    ("public_url", "secure"),
    [
        ("https://loket.vlaanderen.example", True),
        ("http://loket.vlaanderen.example", True),
        ("https://127.0.0.1:8443", True),
        ("http://127.0.0.1:8000", False),
        ("http://localhost:8000", False),
    ],
)
def test_the_login_cookie_is_secure_except_on_plain_http_on_this_machine(
    settings: Settings, database_url: str, public_url: str, secure: bool
) -> None:
    with (
        running_stack(settings, database_url, configure={"public_url": public_url}) as stack,
        httpx.Client(follow_redirects=False, timeout=10) as browser,
    ):
        start = browser.get(f"{stack.hub}/auth/login")

    assert start.status_code == 302, start.text
    [cookie] = [
        value for value in start.headers.get_list("set-cookie") if value.startswith(f"{LOGIN_COOKIE}=")
    ]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert ("secure" in attributes) is secure
    assert {"httponly", "path", "samesite"} <= attributes
