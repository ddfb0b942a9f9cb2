"""Facts are LLM output (Zep's graph); Rosetta has none, so lists are empty and lookups 404."""

from __future__ import annotations

from adapters.http import respond
from adapters.zep_v2 import body
from adapters.zep_v2.errors import not_found
from adapters.zep_v2.lookup import require_session


async def session_facts(request):
    await require_session(request)
    return respond({"facts": []})


async def missing(request):
    body.path_id(request, "fact_uuid")
    raise not_found()
