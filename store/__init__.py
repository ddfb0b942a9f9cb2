"""The canonical store: model, protocol, and its SQLite and PostgreSQL implementations."""

from store.protocol import Store


async def open_store(db: str, *, durability: str = "full", exclusive: bool = False,
                     readonly: bool = False) -> Store:
    """``db`` is a SQLite file path or a ``postgresql://user@host:port/dbname`` URL.
    ``exclusive`` (SQLite): the only process writing the file (``rosetta serve``, ``import``);
    another one is refused with ``store.errors.Unavailable``. ``readonly`` (SQLite): reads only
    (``export``), the file must exist; it works beside a running server. A PostgreSQL database
    is shared by any number of processes; one that cannot be opened is
    ``store.errors.Unavailable`` with a one-line reason naming the host and the database."""
    from store.postgres.connection import is_url

    if is_url(db):
        from store.postgres import PostgresStore

        return await PostgresStore(db).open()
    from store.sqlite import SqliteStore

    return await SqliteStore(db, durability=durability, exclusive=exclusive, readonly=readonly).open()


__all__ = ["Store", "open_store"]
