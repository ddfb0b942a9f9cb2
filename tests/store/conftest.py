import pytest

from store import open_store


@pytest.fixture
def path(tmp_path):
    """The store's database file, for tests that also look at it with sqlite3."""
    return str(tmp_path / "store.db")


@pytest.fixture
async def store(path):
    opened = await open_store(path)
    yield opened
    await opened.close()
