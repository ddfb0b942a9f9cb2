"""Routes whose answer needs an LLM, embeddings or a worker Rosetta does not run, and the few
storage-only answers that are faithful without them (no conclusions exist, so lists are empty)."""

from __future__ import annotations

from adapters.honcho_server import query
from adapters.honcho_server.keys import disabled_or_static
from adapters.honcho_v3 import scope
from adapters.honcho_v3.shapes import empty_page
from adapters.http import respond
from adapters.honcho_server.errors import fail, no_llm


async def conclusions_create(request):
    scope.workspace(request)
    raise no_llm("creating conclusions (they are embedded)")


async def conclusions_list(request):
    scope.workspace(request)
    page, size, _ = query.paging(request)
    return respond(empty_page(page, size))


async def conclusions_query(request):
    scope.workspace(request)
    raise no_llm("semantic conclusion search")


async def conclusion_missing(request):
    scope.workspace(request)
    raise fail(404, "Conclusion not found")


async def workspace_chat(request):
    scope.workspace(request)
    raise no_llm("workspace chat (dialectic)")


async def webhooks(request):
    scope.workspace(request)
    raise fail(501, "Rosetta runs no background worker, so it does not deliver webhooks")


async def keys(request):
    return await disabled_or_static(request)