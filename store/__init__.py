"""The canonical store: model, protocol, and the SQLite implementation."""

from store.protocol import Store


async def open_store(path: str, *, durability: str = "full", exclusive: bool = False,
                     readonly: bool = False) -> Store:
    """``exclusive``: the only process writing the file (``rosetta serve``, ``import``); another
    one is refused with ``store.errors.Unavailable``. ``readonly``: reads only (``export``), the
    file must exist; it works beside a running server."""
    from store.sqlite import SqliteStore

    return await SqliteStore(path, durability=durability, exclusive=exclusive, readonly=readonly).open()


__all__ = ["Store", "open_store"]
