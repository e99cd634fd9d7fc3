"""Peers on loopback sockets for the SDK client's tests: they speak raw bytes (or TLS) so that a
test decides exactly what the client receives, and record what it sent."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def listening(talk: Callable[[socket.socket, threading.Event], None]) -> Iterator[str]:
    """A socket on loopback that hands each connection to `talk` on a thread of its own (with
    the event set when the block ends); yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.05)
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=talk, args=(conn, done), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        done.set()
        thread.join(timeout=5)
        listener.close()


@contextmanager
def raw_server(answer: bytes) -> Iterator[str]:
    """A socket that reads a request and answers `answer` (then closes): not HTTP at all."""

    def talk(conn: socket.socket, _: threading.Event) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(answer)

    with listening(talk) as base_url:
        yield base_url


@contextmanager
def recording(answer: bytes) -> Iterator[tuple[str, list[bytes]]]:
    """A socket that reads each request's head, keeps it and answers `answer` (then closes);
    yields its base URL and the heads seen."""
    heads: list[bytes] = []

    def talk(conn: socket.socket, _: threading.Event) -> None:
        with conn:
            conn.settimeout(5)
            pending = b""
            while b"\r\n\r\n" not in pending:
                data = conn.recv(65536)
                if not data:
                    return
                pending += data
            heads.append(pending.split(b"\r\n\r\n", 1)[0])
            conn.sendall(answer)

    with listening(talk) as base_url:
        yield base_url, heads


@contextmanager
def tls_server(context: ssl.SSLContext, answer: bytes) -> Iterator[str]:
    """A socket behind TLS with `context`'s certificate that reads a request's head and answers
    `answer`; yields its https base URL."""

    def talk(conn: socket.socket, _: threading.Event) -> None:
        conn.settimeout(5)
        try:
            with context.wrap_socket(conn, server_side=True) as secure:
                pending = b""
                while b"\r\n\r\n" not in pending:
                    pending += secure.recv(65536)
                secure.sendall(answer)
        except (OSError, ssl.SSLError):
            return  # a client that refused our certificate

    with listening(talk) as base_url:
        yield base_url.replace("http://", "https://")
