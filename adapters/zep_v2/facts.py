"""Facts are LLM output (Zep's graph); Rosetta has none, so lists are empty and lookups 404."""

from __future__ import annotations

from adapters.http import respond
from adapters.zep_server.reading import workspace
from adapters.zep_v2 import body
from adapters.zep_v2.errors import no_llm, not_found
from adapters.zep_v2.lookup import session_of


async def session_facts(request):
    ws = workspace(request)
    await session_of(request, ws, body.path_id(request, "session_id"))
    return respond({"facts": []})


async def add_session_facts(request):
    raise no_llm("adding facts to the fact graph")


async def missing(request):
    body.path_id(request, "fact_uuid")
    raise not_found()
