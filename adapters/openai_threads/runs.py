"""Runs and run steps: Rosetta runs no model, so every run route answers 501 (not retried)."""

from __future__ import annotations

from adapters.openai_threads.lookup import workspace
from adapters.openai_threads.errors import no_model


async def refuse(request):
    workspace(request)
    raise no_model("runs (create, create-and-run, retrieve, list, submit tool outputs, cancel, steps)")
