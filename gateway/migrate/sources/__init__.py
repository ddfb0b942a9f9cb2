"""Sources: each module pulls one vendor's account and yields ``unit`` items of canonical rows.

A source module has ``DIALECT`` (the store's alias dialect), ``API`` (a
``gateway.migrate.vendor_api.VendorApi``: auth scheme, path prefix, fixed headers) and
``units(client, options, store)``
(the store is only read, to point aliases at records that were already there).
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = {
    "honcho-v3": "gateway.migrate.sources.honcho_v3",
    "honcho-v1": "gateway.migrate.sources.honcho_v1",
    "zep": "gateway.migrate.sources.zep",
    "zep-v4": "gateway.migrate.sources.zep_v4",
    "openai": "gateway.migrate.sources.openai",
}


def load(name: str) -> ModuleType:
    return importlib.import_module(MODULES[name])
