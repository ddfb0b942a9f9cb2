"""The canonical store: model, protocol, and the SQLite implementation."""

from store.protocol import Store


async def open_store(path: str, *, durability: str = "full", exclusive: bool = False) -> Store:
    """``exclusive``: the server's store, the only process writing the file (a second one is
    refused with ``store.errors.Unavailable``)."""
    from store.sqlite import SqliteStore

    return await SqliteStore(path, durability=durability, exclusive=exclusive).open()


__all__ = ["Store", "open_store"]
