"""Who the test client is: a switch the app's principal seam reads on every request."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from demo.personas import AN, LOTTE, MOHAMED, PIETER, Persona
from hub.auth.principal import Principal


@dataclass
class PrincipalSwitch:
    current: Principal | None = None

    async def __call__(self, _: Request) -> Principal | None:
        return self.current

    def anonymous(self) -> None:
        self.current = None

    def person(self, persona: Persona, *, namens: str | None = None, **extra: object) -> Principal:
        self.current = Principal(
            sub=f"sub-{persona.insz}",
            insz=persona.insz,
            voornaam=persona.voornaam,
            achternaam=persona.achternaam,
            namens=namens,
            **extra,  # type: ignore[arg-type]
        )
        return self.current


__all__ = ["AN", "LOTTE", "MOHAMED", "PIETER", "PrincipalSwitch"]
