"""Endpoints that need an LLM: 501 in Zep's envelope, saying why."""

from __future__ import annotations

from adapters.zep_v2.errors import no_llm


async def classify(request):
    raise no_llm("session classification")


async def extract(request):
    raise no_llm("structured data extraction")


async def synthesize_question(request):
    raise no_llm("question synthesis")


async def summaries(request):
    raise no_llm("session summaries")
