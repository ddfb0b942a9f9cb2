"""The canonical store: model, protocol, and the SQLite implementation."""

from store.protocol import Store


async def open_store(path: str, *, durability: str = "full") -> Store:
    from store.sqlite import SqliteStore

    return await SqliteStore(path, durability=durability).open()


__all__ = ["Store", "open_store"]
