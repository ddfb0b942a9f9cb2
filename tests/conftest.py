"""The fixtures every test area shares.

``client`` serves a fresh app over the store at ``db``; a module changes what it serves with a
``client_options`` fixture of its own (keys, limits, dialects, ``raise_server_exceptions``; see
``tests.support.app.serving``). ``module_client`` is one app for a whole module (tables of cases
against seeded data), over ``module_db``. ``db``/``module_db`` say where the store lives: the
one place to parametrize the suite over store backends.

Every test that uses ``db`` or ``module_db`` (directly or through ``client``, ``store``, ...)
runs once per backend: SQLite (a fresh file) and PostgreSQL (tests/support/postgres.py: one
database per run, emptied before each test; another for module-wide stores). Tests that read
SQLite's own files (they ask for ``path``) or are marked ``sqlite_only`` run on SQLite alone.
With no PostgreSQL reachable, the PostgreSQL half is skipped with one reason.
"""

import contextlib

import pytest

from tests.support import postgres
from tests.support.app import serving

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def anyio_backend():
    return "asyncio"


def _parametrized(metafunc) -> set[str]:
    """The argument names a test's parametrize marks give values (a URL ``path`` is not the
    SQLite file fixture)."""
    names: set[str] = set()
    for mark in metafunc.definition.iter_markers("parametrize"):
        given = mark.args[0] if mark.args else mark.kwargs["argnames"]
        names.update(n.strip() for n in given.split(",")) if isinstance(given, str) else names.update(given)
    return names


def pytest_generate_tests(metafunc):
    names = metafunc.fixturenames
    sqlite_file = "path" in names and "path" not in _parametrized(metafunc)
    sqlite_only = sqlite_file or metafunc.definition.get_closest_marker("sqlite_only")
    backends = ["sqlite"] if sqlite_only else list(BACKENDS)
    if "backend" in names:
        metafunc.parametrize("backend", backends, indirect=True, scope="function")
    if "module_backend" in names:
        metafunc.parametrize("module_backend", backends, indirect=True, scope="module")


@pytest.fixture
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def module_backend(request) -> str:
    return request.param


def _database(kind: str):
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)
    url = postgres.create_database(f"rosetta_test_{kind}")
    yield url
    postgres.drop_database(url)


@pytest.fixture(scope="session")
def postgres_database():
    """This run's PostgreSQL database for one test at a time (dropped at the end), or a skip."""
    yield from _database("run")


@pytest.fixture(scope="session")
def postgres_module_database():
    """This run's PostgreSQL database for one module at a time."""
    yield from _database("module")


def fresh_db(backend: str, request, tmp_path) -> str:
    """A fresh SQLite file, or the run's PostgreSQL database emptied for this test."""
    if backend == "sqlite":
        return str(tmp_path / "rosetta.db")
    url = request.getfixturevalue("postgres_database")
    postgres.empty(url)
    return url


@contextlib.contextmanager
def another_db(backend: str, tmp_path, name: str = "other"):
    """A store on ``backend`` apart from the test's ``db`` (an export's target, a second
    gateway): a SQLite file, or a PostgreSQL database of its own, dropped after."""
    if backend == "sqlite":
        yield str(tmp_path / f"{name}.db")
        return
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)
    url = postgres.create_database(f"rosetta_test_{name}")
    try:
        yield url
    finally:
        postgres.drop_database(url)


@pytest.fixture
def db(backend, request, tmp_path) -> str:
    """Where a test's store lives: a fresh SQLite file, or the run's PostgreSQL database
    emptied for this test."""
    return fresh_db(backend, request, tmp_path)


@pytest.fixture
def other_db(backend, tmp_path):
    """A second store on the test's backend, empty (``another_db``)."""
    with another_db(backend, tmp_path) as url:
        yield url


@pytest.fixture(scope="module")
def module_db(module_backend, request, tmp_path_factory) -> str:
    if module_backend == "sqlite":
        return str(tmp_path_factory.mktemp("module") / "rosetta.db")
    url = request.getfixturevalue("postgres_module_database")
    postgres.empty(url)
    return url


@pytest.fixture
def own_pg_database():
    """A PostgreSQL database of this test's own, schema applied (dropped after), or a skip: for
    tests that serve it from other processes, end its connections or drop it."""
    yield from _database("own")


@pytest.fixture
def postgres_server() -> None:
    """A skip, with the one-line reason, when no PostgreSQL answers (for a module of
    PostgreSQL-only tests: ``pytest.mark.usefixtures("postgres_server")``)."""
    reason = postgres.unreachable()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def pg_url(postgres_database) -> str:
    """The run's PostgreSQL database, emptied for this test (tests of PostgreSQL itself)."""
    postgres.empty(postgres_database)
    return postgres_database


@pytest.fixture
def client_options() -> dict:
    return {}


@pytest.fixture
def client(db, client_options):
    with serving(db, **client_options) as c:
        yield c


@pytest.fixture(scope="module")
def module_client(module_db):
    """Server errors come back as 500 responses, so a case table reports each one."""
    with serving(module_db, raise_server_exceptions=False) as c:
        yield c
