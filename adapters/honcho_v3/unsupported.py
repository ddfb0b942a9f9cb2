"""Routes whose answer needs an LLM, embeddings or a worker Rosetta does not run, and the few
storage-only answers that are faithful without them (no conclusions exist, so lists are empty)."""

from __future__ import annotations

from adapters.contract import settings_of
from adapters.honcho_v3 import body
from adapters.honcho_v3.common import empty_page, respond
from adapters.honcho_v3.errors import fail, no_llm


async def conclusions_create(request):
    body.workspace(request)
    raise no_llm("creating conclusions (they are embedded)")


async def conclusions_list(request):
    body.workspace(request)
    page, size, _ = body.paging(request)
    return respond(empty_page(page, size))


async def conclusions_query(request):
    body.workspace(request)
    raise no_llm("semantic conclusion search")


async def conclusion_missing(request):
    body.workspace(request)
    raise fail(404, "Conclusion not found")


async def workspace_chat(request):
    body.workspace(request)
    raise no_llm("workspace chat (dialectic)")


async def webhooks(request):
    body.workspace(request)
    raise fail(501, "Rosetta runs no background worker, so it does not deliver webhooks")


async def keys(request):
    if not settings_of(request).auth_enabled:
        raise fail(405, "Feature is disabled")
    raise fail(501, "Rosetta uses static API keys (rosetta serve --api-key); it does not mint JWTs")
