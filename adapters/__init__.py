"""The dialect adapters. ``dialects()`` imports the mounted ones on demand."""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = (
    "adapters.honcho_v3",
    "adapters.honcho_v1",
    "adapters.honcho_v1.keys",
    "adapters.openai_threads",
    "adapters.zep_v2",
    "adapters.zep_v4",
)


def dialects() -> list[ModuleType]:
    return [importlib.import_module(name) for name in MODULES]
