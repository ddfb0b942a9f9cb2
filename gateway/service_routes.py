"""The gateway's own routes, beside the dialects': health, metrics, OpenAPI documents, docs page.

``/metrics`` needs an admin key when auth is on (the gate has already checked the key; a key
bound to one workspace is refused here). ``/health``, ``/openapi/*.json`` and ``/docs`` describe
no data and are open.
"""

from __future__ import annotations

from importlib import metadata
from functools import cache

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from adapters.contract import Dialect
from adapters.http import json_response
from gateway import openapi
from gateway.metrics import exposition


@cache
def version() -> str:
    try:
        return metadata.version("rosetta-gateway")
    except metadata.PackageNotFoundError:
        return "0+unknown"


async def health(request: Request) -> Response:
    """200 ``{"status": "ok"}``; 503 ``{"status": "degraded", "store": <cause>}`` while the
    store cannot write (a full disk, an I/O error: store/sqlite/faults.py), until it can again."""
    problem = await request.app.state.store.health()
    if problem is None:
        return json_response({"status": "ok"})
    return json_response({"status": "degraded", "store": problem}, 503)


async def metrics(request: Request) -> Response:
    if request.app.state.settings.auth_enabled and request.scope.get("rosetta.workspace") is not None:
        return json_response({"detail": "/metrics needs an admin key"}, 403)
    text = exposition(request.app.state.metrics, request.app.state.store.stats())
    return Response(text, media_type="text/plain; version=0.0.4; charset=utf-8")


def openapi_route(dialect: Dialect):
    built: list[bytes] = []  # made on the first request, then kept

    async def document(request: Request) -> Response:
        if not built:
            built.append(openapi.encoded(dialect, version()))
        return Response(built[0], media_type="application/json")

    return document


def docs_route(dialects: list[Dialect]):
    links = "".join(
        f'<li><a href="#{openapi.slug(d)}" data-doc="/openapi/{openapi.slug(d)}.json">{d.title}</a>'
        f' <code>{d.prefix}</code> (<a href="/openapi/{openapi.slug(d)}.json">JSON</a>)</li>'
        for d in dialects
    )
    page = _PAGE.replace("{links}", links).replace("{version}", version())

    async def docs(request: Request) -> Response:
        return HTMLResponse(page)

    return docs


def paths(dialects: list[Dialect]) -> list[str]:
    """Every path these routes serve (the gate leaves all but /metrics open)."""
    return ["/health", "/metrics", "/docs"] + [f"/openapi/{openapi.slug(d)}.json" for d in dialects]


# The docs page: a list of the documents and a plain renderer of the chosen one; no script or
# style is loaded from anywhere else.
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rosetta API documents</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
code{background:#f2f2f2;padding:0 .25em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
.m{font-weight:600;font-family:monospace}.n{color:#666}
details pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem;font-size:13px}
</style></head><body>
<h1>Rosetta API documents <small class="n">{version}</small></h1>
<p>One OpenAPI 3.1 document per dialect, generated from the route tables the gateway serves.
Point each vendor's SDK at this server's base URL plus the prefix shown.</p>
<ul id="docs">{links}</ul>
<div id="doc"></div>
<script>
const show = async (url) => {
  const doc = await (await fetch(url)).json();
  const box = document.getElementById("doc");
  box.replaceChildren();
  const h = document.createElement("h2"); h.textContent = doc.info.title; box.append(h);
  const table = document.createElement("table");
  table.innerHTML = "<tr><th>method</th><th>path</th><th>operation</th><th>support</th></tr>";
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const row = table.insertRow();
      const cells = [method.toUpperCase(), path, op.summary + (op.description ? " - " + op.description : ""), op["x-rosetta-support"]];
      cells.forEach((text, i) => { const c = row.insertCell(); c.textContent = text; if (i === 0) c.className = "m"; });
      if (op.requestBody) {
        const c = row.cells[2], d = document.createElement("details"), s = document.createElement("summary"), pre = document.createElement("pre");
        s.textContent = "request body"; pre.textContent = JSON.stringify(op.requestBody.content["application/json"].schema, null, 2);
        d.append(s, pre); c.append(d);
      }
    }
  }
  box.append(table);
};
for (const a of document.querySelectorAll("a[data-doc]")) a.addEventListener("click", () => show(a.dataset.doc));
const first = document.querySelector(location.hash ? `a[href="${location.hash}"]` : "a[data-doc]");
if (first) show(first.dataset.doc);
</script></body></html>
"""
