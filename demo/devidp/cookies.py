"""The provider's two browser cookies: the SSO session, and the key binding a login form to the
browser that was shown it. Both HttpOnly and SameSite=Lax; Secure when the issuer is https."""

from __future__ import annotations

from fastapi import Response

from demo.devidp.config import DevIdpConfig

SSO_COOKIE = "devidp_sso"
LOGIN_COOKIE = "devidp_login"


def set_cookie(response: Response, config: DevIdpConfig, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/", httponly=True, samesite="lax", secure=config.secure_cookies)


def clear_cookie(response: Response, config: DevIdpConfig, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="lax", secure=config.secure_cookies)
