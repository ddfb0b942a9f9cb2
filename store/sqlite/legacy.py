"""An older on-disk layout of this store: before ``updated_at`` was a canonical column, the only
such value was kept in a record's extras, at ``extras["zep"]["updated_at"]`` (``KEY``). This
reads old files and old exports; nothing writes that key any more.

``lift`` moves such a value into the record's ``updated_at`` column (dropping it from extras,
and the ``zep`` object too when nothing else is left in it). The schema migration runs it over
every row; an import of an older export runs it over the rows it added.
"""

from __future__ import annotations

TABLES = ("peers", "sessions", "messages")
KEY = "$.zep.updated_at"


def _lift_sql(table: str) -> str:
    return (
        f"UPDATE {table} SET updated_at = json_extract(extras, '{KEY}'), extras = CASE"
        " WHEN (SELECT count(*) FROM json_each(extras, '$.zep')) = 1 THEN json_remove(extras, '$.zep')"
        f" ELSE json_remove(extras, '{KEY}') END"
        " WHERE pk > ? AND updated_at IS NULL AND instr(extras, '\"updated_at\"') > 0"
        f" AND typeof(json_extract(extras, '{KEY}')) = 'text'"
    )


def last_pks(conn) -> dict[str, int]:
    """The highest pk of each table, to ``lift`` only rows added after."""
    return {t: conn.execute(f"SELECT coalesce(max(pk), 0) FROM {t}").fetchone()[0] for t in TABLES}


def lift(conn, after: dict[str, int] | None = None) -> None:
    for table in TABLES:
        conn.execute(_lift_sql(table), ((after or {}).get(table, 0),))
