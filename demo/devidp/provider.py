"""The provider object: its configuration and state, and the parts that act on them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from demo.devidp.authorization import Authorizer
from demo.devidp.config import DevIdpConfig
from demo.devidp.keys import KeyRing
from demo.devidp.store import Store
from demo.devidp.token_grants import TokenGrants
from demo.devidp.tokens import TokenMinter


class DevIdp:
    """An in-memory OpenID provider; `create_devidp` serves it and keeps it as `app.state.devidp`."""

    def __init__(self, config: DevIdpConfig) -> None:
        self.config = config
        self.store = Store()
        self.keys = KeyRing(retention=config.signed_token_lifetime, clock=config.clock)
        self.minter = TokenMinter(config=config, store=self.store, keys=self.keys)
        self.authorizer = Authorizer(config=config, store=self.store)
        self.grants = TokenGrants(config=config, store=self.store, minter=self.minter)

    def rotate_keys(self) -> str:
        """Sign with a new key from now on; the old one stays published until its tokens expired.
        Returns the new key's kid."""
        return self.keys.rotate()


def current_devidp(request: Request) -> DevIdp:
    devidp = request.app.state.devidp
    assert isinstance(devidp, DevIdp)
    return devidp


DevIdpDep = Annotated[DevIdp, Depends(current_devidp)]
