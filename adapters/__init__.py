"""The dialect adapters. ``dialects()`` lists the mounted ones, imported on demand."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

MODULES = (
    "adapters.honcho_v3",
    "adapters.honcho_v1",
    "adapters.openai_threads",
    "adapters.zep_v2",
)


def dialects() -> list[ModuleType]:
    found = [(name, importlib.util.find_spec(name)) for name in MODULES]
    return [importlib.import_module(name) for name, spec in found if spec is not None and spec.origin]
