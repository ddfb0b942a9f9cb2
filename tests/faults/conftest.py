import pytest


@pytest.fixture
def path(tmp_path):
    """The database file."""
    return str(tmp_path / "store.db")

