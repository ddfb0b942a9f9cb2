import pytest

from tests.support import postgres

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def anyio_backend():
    return "asyncio"


def pytest_generate_tests(metafunc):
    """Tests that use ``db`` (or a fixture built on it) run once per backend; those that also
    read the SQLite file itself (``path``) or are marked ``sqlite_only`` run on SQLite alone."""
    if "backend" not in metafunc.fixturenames:
        return
    sqlite_only = "path" in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only")
    metafunc.parametrize("backend", ["sqlite"] if sqlite_only else list(BACKENDS), indirect=True,
                         scope="function")


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def postgres_database():
    """This run's PostgreSQL database (created on first use, dropped at the end), or a skip."""
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture
def db(backend, request, tmp_path):
    """Where a test's store lives: a fresh SQLite file, or the run's PostgreSQL database
    emptied for this test."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    url = request.getfixturevalue("postgres_database")
    postgres.empty(url)
    return url


@pytest.fixture
def pg_url(postgres_database):
    """The run's PostgreSQL database, emptied for this test (tests of PostgreSQL itself)."""
    postgres.empty(postgres_database)
    return postgres_database
