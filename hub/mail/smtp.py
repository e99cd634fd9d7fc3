"""Sending a mail over SMTP with `aiosmtplib`, as `HUB_SMTP_*` say."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal, Protocol

import aiosmtplib
import truststore

from hub.settings import Settings


class MailMislukt(Exception):
    """The SMTP server could not be reached or refused the mail; the round tries again later."""


class Mailer(Protocol):
    async def verstuur(self, bericht: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer | None:
        """The settings' SMTP server; None when none is set (mail is off)."""
        if settings.smtp_host is None:
            return None
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            timeout=settings.smtp_timeout_seconds,
        )

    async def verstuur(self, bericht: EmailMessage) -> None:
        # The system's trust store, as for every outbound TLS of the hub.
        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT) if self.security != "none" else None
        try:
            async with asyncio.timeout(self.timeout):  # the whole conversation, not each step
                await aiosmtplib.send(
                    bericht,
                    hostname=self.host,
                    port=self.port,
                    username=self.username,
                    password=self.password,
                    use_tls=self.security == "tls",
                    start_tls=self.security == "starttls",
                    tls_context=context,
                    timeout=self.timeout,
                )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise MailMislukt(f"{self.host}:{self.port}: {error}") from error
