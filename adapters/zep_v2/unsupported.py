"""Endpoints that need an LLM: 501 in Zep's envelope, saying why; as on Zep, an unknown session
(or thread) is a 404 before anything else."""

from __future__ import annotations

from adapters.zep_v2.errors import no_llm
from adapters.zep_v2.lookup import require_session


async def classify(request):
    await require_session(request)
    raise no_llm("session classification")


async def extract(request):
    await require_session(request)
    raise no_llm("structured data extraction")


async def synthesize_question(request):
    await require_session(request)
    raise no_llm("question synthesis")


async def summaries(request):
    await require_session(request)
    raise no_llm("session summaries")


async def thread_summary(request):
    await require_session(request, "thread_id")
    raise no_llm("session summaries")
