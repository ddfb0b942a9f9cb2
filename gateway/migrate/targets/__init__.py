"""Targets: each module pushes the store into one vendor's account through its create routes.

A target module has ``DIALECT``, ``API`` (a ``VendorApi``) and ``units(client, options, store)``,
whose units' work yields ``(noun, n, why)``: ``why`` None for records copied, else the
reason they were skipped.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = {
    "honcho-v3": "gateway.migrate.targets.honcho_v3",
    "zep": "gateway.migrate.targets.zep",
}


def load(name: str) -> ModuleType:
    return importlib.import_module(MODULES[name])
