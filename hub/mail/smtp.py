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
    """The mail was not sent. `blijvend`: the server refused it for good (a 5xx answer, such as
    an unknown recipient): sending it again changes nothing. `server_weg`: the server could not
    be reached or did not answer in time: the other mails of the round wait too."""

    def __init__(self, reden: str, *, blijvend: bool = False, server_weg: bool = False) -> None:
        super().__init__(reden)
        self.blijvend = blijvend
        self.server_weg = server_weg


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
        except (
            aiosmtplib.SMTPConnectError,
            aiosmtplib.SMTPServerDisconnected,
            OSError,
            TimeoutError,
        ) as error:
            raise MailMislukt(f"{self.host}:{self.port}: {error}", server_weg=True) from error
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [refusal.code for refusal in error.recipients]
            raise MailMislukt(
                f"{self.host}:{self.port}: {error}", blijvend=all(c >= 500 for c in codes)
            ) from error
        except aiosmtplib.SMTPResponseException as error:
            raise MailMislukt(f"{self.host}:{self.port}: {error}", blijvend=error.code >= 500) from error
        except aiosmtplib.SMTPException as error:
            raise MailMislukt(f"{self.host}:{self.port}: {error}") from error
