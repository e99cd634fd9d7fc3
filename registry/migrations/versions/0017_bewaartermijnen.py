"""Retention periods: the access log and the feedback are removed once older than their period
(`HUB_ACCESS_LOG_RETENTION_DAYS`, `HUB_FEEDBACK_RETENTION_DAYS`), found by their moment.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_toegang_tijdstip", "toegang", ["tijdstip"])
    op.create_index("ix_feedback_tijdstip", "feedback", ["tijdstip"])


def downgrade() -> None:
    op.drop_index("ix_feedback_tijdstip", table_name="feedback")
    op.drop_index("ix_toegang_tijdstip", table_name="toegang")
