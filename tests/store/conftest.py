import pytest

from store import open_store


@pytest.fixture
def path(tmp_path):
    """The store's database file, for tests that also look at it with sqlite3 (SQLite only)."""
    return str(tmp_path / "store.db")


@pytest.fixture
async def store(backend, request, tmp_path):
    db = request.getfixturevalue("path") if "path" in request.fixturenames else request.getfixturevalue("db")
    opened = await open_store(db)
    yield opened
    await opened.close()
