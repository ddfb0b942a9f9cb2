"""The dialect adapters. ``dialects()`` imports the registered ones on demand.

Adding a dialect is one package exposing ``DIALECT`` (an ``adapters.contract.Dialect``) plus one
line here. Packages not listed (``adapters.fastapi_style``, ``adapters.http``) are shared
building blocks, not dialects.
"""

from __future__ import annotations

import importlib
from functools import cache

from adapters.contract import Dialect

REGISTRY = (
    "adapters.honcho_v3",
    "adapters.honcho_v1",
    "adapters.openai_threads",
    "adapters.zep_v2",
    "adapters.zep_v4",
)


@cache
def dialects() -> tuple[Dialect, ...]:
    return tuple(importlib.import_module(name).DIALECT for name in REGISTRY)
