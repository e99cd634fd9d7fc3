"""The demo's SMTP sink (demo only): a real SMTP server on loopback (`aiosmtpd`) that keeps the
last mails it received in memory, and a page listing them, with their links, so that a demo (and
the tests) can follow a confirmation or unsubscribe link without a mailbox.

Example::

    sink = MailSink()
    with sink.serving("127.0.0.1", 8025):
        ...  # the hub sends with HUB_SMTP_HOST=127.0.0.1 HUB_SMTP_PORT=8025 HUB_SMTP_SECURITY=none
        [mail] = sink.wait_for(1, timeout=10)
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from demo.sandboxes.rendering import Pages

MAX_MAILS = 200
"""Mails kept (the oldest go first)."""
MAX_MAIL_BYTES = 1_048_576
"""Largest mail the sink takes."""
_LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Ontvangen:
    """One mail as the sink received it."""

    ontvangen_op: datetime
    van: str
    aan: tuple[str, ...]
    bericht: EmailMessage

    @property
    def onderwerp(self) -> str:
        return str(self.bericht.get("Subject", ""))

    def deel(self, subtype: str) -> str:
        """The text (`plain`) or HTML (`html`) part."""
        part = self.bericht.get_body(preferencelist=(subtype,))
        return cast(str, part.get_content()) if part is not None else ""

    @property
    def links(self) -> list[str]:
        return list(dict.fromkeys(_LINK.findall(self.deel("plain"))))


class MailSink:
    def __init__(self) -> None:
        self.mails: deque[Ontvangen] = deque(maxlen=MAX_MAILS)
        self._changed = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        bericht = message_from_bytes(content, policy=policy.default)
        mail = Ontvangen(
            ontvangen_op=datetime.now(UTC),
            van=str(envelope.mail_from or ""),
            aan=tuple(str(r) for r in envelope.rcpt_tos),
            bericht=bericht,
        )
        with self._changed:
            self.mails.append(mail)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, *, timeout: float) -> list[Ontvangen]:
        """Block until at least `count` mails are in (or `timeout` seconds pass); the mails."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.mails) >= count, timeout=timeout)
            return list(self.mails)

    @contextmanager
    def serving(self, host: str, port: int) -> Iterator[MailSink]:
        """The SMTP server on `host:port`, in its own thread, until the block ends."""
        controller = Controller(self, hostname=host, port=port, data_size_limit=MAX_MAIL_BYTES)
        controller.start()
        try:
            yield self
        finally:
            controller.stop()


def sink_page(sink: MailSink) -> FastAPI:
    """The page listing what the sink received, newest first."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    pages = Pages("demo.mailsink", loket="mail", echt="een echte mailbox")

    @app.get("/", response_class=HTMLResponse)
    async def lijst() -> HTMLResponse:
        values: dict[str, Any] = {"mails": list(reversed(sink.mails))}
        return pages.page("mails.html", **values)

    return app
