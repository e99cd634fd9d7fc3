"""`vloket db upgrade` that cannot reach or read its store says why in a line, names the store
without its password, and exits with 1: no traceback for an operator to read through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.utils.servers import free_port


def upgrade(url: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    vloket = Path(sys.executable).with_name("vloket")
    return subprocess.run(  # noqa: S603 - our own console script
        [str(vloket), "db", "upgrade"],
        cwd=workdir,
        env={**os.environ, "HUB_DATABASE_URL": url, "HUB_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"postgresql+psycopg://hub:geheim@127.0.0.1:{free_port()}/test",
            "could not upgrade postgresql+psycopg://hub:***@127.0.0.1:",
        ),
        (
            "sqlite+aiosqlite:///{workdir}/a-file/under-a-file.sqlite3",
            "could not upgrade sqlite+aiosqlite:///",
        ),
        ("geen-url-maar-tekst", "HUB_DATABASE_URL is not a database URL"),
        (f"postgresql+psycopg://hub@127.0.0.1:{free_port()}/test?password=geheim", "password=%2A%2A%2A"),
        ("mysql://hub:geheim@127.0.0.1/test", "unsupported database 'mysql'"),
        ("postgresql+psycopg://hub:geheim@127.0.0.1:abc/test", "HUB_DATABASE_URL is not a database URL"),
    ],
    ids=["nothing-listening", "not-a-directory", "not-a-url", "password-in-query", "other-database", "port"],
)
def test_a_failed_upgrade_says_why_in_a_line_without_the_password(
    tmp_path: Path, url: str, expected: str
) -> None:
    (tmp_path / "a-file").write_text("not a directory", "utf-8")

    done = upgrade(url.format(workdir=tmp_path), tmp_path)

    assert done.returncode == 1, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert "geheim" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3, done.stderr


def test_a_wrong_setting_is_named_without_its_value(tmp_path: Path) -> None:
    vloket = Path(sys.executable).with_name("vloket")
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(vloket), "db", "upgrade"],
        cwd=tmp_path,
        env={**os.environ, "HUB_METRICS_TOKEN": "kort-maar-geheim"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2, done.stderr
    assert "HUB_METRICS_TOKEN must be at least 32 random characters" in done.stderr
    assert "kort-maar-geheim" not in done.stderr
    assert "Traceback" not in done.stderr
