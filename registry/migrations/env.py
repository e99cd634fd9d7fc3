"""Alembic environment: runs on the connection `registry.db.migrate` hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from registry.tables import declared_for, metadata

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `vloket db upgrade` (registry.db.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=declared_for(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
