"""What every new database connection is set to, for the gateway (``atlas.db``) to run when it connects."""

from __future__ import annotations

from atlas.settings import settings


def session_statements() -> list[str]:
    """A statement time limit (``settings.statement_timeout_ms``, read now) and India's time zone."""
    return [f"SET statement_timeout = {int(settings.statement_timeout_ms)}", "SET TIME ZONE 'Asia/Kolkata'"]
