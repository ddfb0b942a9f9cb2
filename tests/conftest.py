"""The fixtures every test area shares.

``client`` serves a fresh app over the store at ``db``; a module changes what it serves with a
``client_options`` fixture of its own (keys, limits, dialects, ``raise_server_exceptions``; see
``tests.support.app.serving``). ``module_client`` is one app for a whole module (tables of cases
against seeded data), over ``module_db``. ``db``/``module_db`` say where the store lives: the
one place to parametrize the suite over store backends.
"""

import pytest

from tests.support.app import serving


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "rosetta.db")


@pytest.fixture(scope="module")
def module_db(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("module") / "rosetta.db")


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
