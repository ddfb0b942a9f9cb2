"""The dialect adapters. ``dialects()`` lists the mounted ones, imported on demand."""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ("adapters.honcho_v3",)


def dialects() -> list[ModuleType]:
    return [importlib.import_module(name) for name in MODULES]
