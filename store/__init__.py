"""The canonical store: model, protocol, and its SQLite and PostgreSQL implementations."""

from store.protocol import Store


async def open_store(db: str, *, durability: str = "full") -> Store:
    """``db`` is a SQLite file path, or a ``postgresql://user@host:port/dbname`` URL.
    store.errors.Unavailable (a one-line reason) when a PostgreSQL database cannot be opened."""
    from store.postgres.connection import is_url

    if is_url(db):
        from store.postgres import PostgresStore

        return await PostgresStore(db).open()
    from store.sqlite import SqliteStore

    return await SqliteStore(db, durability=durability).open()


__all__ = ["Store", "open_store"]
