import pytest

from store import open_store


@pytest.fixture
async def store(tmp_path):
    opened = await open_store(str(tmp_path / "store.db"))
    yield opened
    await opened.close()
