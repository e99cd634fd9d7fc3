"""A browser following a link across sites, one redirect at a time, keeping every hop."""

from __future__ import annotations

import httpx

MAX_HOPS = 10


async def follow(browser: httpx.AsyncClient, url: str) -> list[httpx.Response]:
    """Every response from opening `url` until one is not a redirect."""
    hops = [await browser.get(url)]
    while hops[-1].is_redirect:
        assert len(hops) < MAX_HOPS, [str(hop.url) for hop in hops]
        hops.append(await browser.get(hops[-1].url.join(hops[-1].headers["location"])))
    return hops


def login_page_shown(hops: list[httpx.Response], issuer: str) -> bool:
    """Whether the IdP showed its login page on the way (rather than answering from its session)."""
    return any(str(hop.url).startswith(f"{issuer}/authorize") and hop.status_code == 200 for hop in hops)
