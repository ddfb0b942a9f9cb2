"""Endpoints that need an LLM: 501 in Zep's envelope, saying why; as on Zep, an unknown session
(or thread) is a 404 before anything else."""

from __future__ import annotations

from adapters.zep_v2.errors import no_llm
from adapters.zep_v2.lookup import require_session


def refused(what: str, param: str = "session_id"):
    """A handler answering 404 for an unknown session (``param`` names it in the path), else 501
    saying that ``what`` needs an LLM."""
    async def handler(request):
        await require_session(request, param)
        raise no_llm(what)
    return handler


classify = refused("session classification")
extract = refused("structured data extraction")
synthesize_question = refused("question synthesis")
summaries = refused("session summaries")
thread_summary = refused("session summaries", "thread_id")
add_session_facts = refused("adding facts to the fact graph")
