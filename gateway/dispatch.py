"""The request path to a handler, without Starlette's per-request layers: route first, then the
gate (body cap, auth), then the handler; the matched route's dialect renders every failure.

Starlette's stack (error middleware, exception middleware, router, mount, route, request wrapper,
exception wrapper) wraps `send` four times and runs a regex per candidate route: two thirds of a
GET's cost in the gateway. Every route here is a plain `{param}` template, so a segment trie
answers a request with a split and a few dict lookups, whatever the table's size, with Starlette's
semantics: first match in table order wins, a path known under another method is 405, an empty
segment never matches a parameter. Handlers still get a Starlette `Request` (app, path_params,
body, query) and return Starlette responses; failures are rendered as gateway.errors says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import unquote

from starlette.exceptions import HTTPException
from starlette.requests import Request

from adapters.contract import ApiError, Dialect
from gateway import errors
from gateway.dialects import DialectMap
from gateway.gate import Gate, stamped
from gateway.observer import Observer, request_id


@dataclass(frozen=True)
class Target:
    method: str
    template: str
    handler: object
    literals: tuple[tuple[int, str], ...]
    params: tuple[tuple[int, str], ...]
    raw: bool = False  # the vendor routes on the raw path: an encoded slash stays in its segment
    dialect: Dialect | None = None  # None for the gateway's own routes (/health)

    def bind(self, parts: list[str]) -> dict | None:
        for i, text in self.literals:
            if parts[i] != text:
                return None
        found = {}
        for i, name in self.params:
            if not parts[i]:
                return None
            found[name] = parts[i]
        return found


def target(method: str, template: str, handler, raw: bool = False, dialect: Dialect | None = None) -> Target:
    parts = template.strip("/").split("/")
    if any(":" in p for p in parts):
        raise ValueError(f"{template}: only plain {{param}} segments are supported")
    literals = tuple((i, p) for i, p in enumerate(parts) if not p.startswith("{"))
    params = tuple((i, p[1:-1]) for i, p in enumerate(parts) if p.startswith("{"))
    return Target(method, template, handler, literals, params, raw, dialect)


class _Node:
    __slots__ = ("literals", "param", "targets")

    def __init__(self):
        self.literals: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.targets: list[tuple[int, Target]] = []


def _walk(node: _Node, parts: list[str], i: int, found: list) -> None:
    if i == len(parts):
        found.extend(node.targets)
        return
    literal = node.literals.get(parts[i])
    if literal is not None:
        _walk(literal, parts, i + 1, found)
    if node.param is not None and parts[i]:
        _walk(node.param, parts, i + 1, found)


class Table:
    """Targets in a segment trie: a request walks literal and parameter branches and takes the
    earliest target (table order) among the templates its path fits."""

    MEMO_LIMIT = 4096

    def __init__(self, targets: list[Target]):
        self.targets = tuple(targets)
        self._root = _Node()
        self._words = frozenset(text for t in targets for _, text in t.literals)
        self._memo: dict = {}
        for order, t in enumerate(targets):
            node = self._root
            for part in t.template.strip("/").split("/"):
                if part.startswith("{"):
                    node.param = node.param or _Node()
                    node = node.param
                else:
                    node = node.literals.setdefault(part, _Node())
            node.targets.append((order, t))

    def _fits(self, parts: list[str]) -> list[tuple[int, Target]]:
        found: list[tuple[int, Target]] = []
        _walk(self._root, parts, 0, found)
        return sorted(found, key=lambda entry: entry[0]) if len(found) > 1 else found

    def find(self, method: str, path: str, parts: list[str] | None = None) -> tuple[Target | None, dict, bool]:
        """(target, path params, path known under another method). ``parts``, when given, are
        the path's segments already split (see ``segments``)."""
        parts = parts if parts is not None else path.strip("/").split("/")
        target, elsewhere = self._choose(method, parts)
        return (target, target.bind(parts), False) if target else (None, {}, elsewhere)

    def _choose(self, method: str, parts: list[str]) -> tuple[Target | None, bool]:
        """The walk's answer depends only on which segments are table words (or empty), not on
        the ids in the others, so it is memoized by that shape (bounded: cleared when full)."""
        words = self._words
        shape = (method, *[p if p in words or not p else None for p in parts])
        found = self._memo.get(shape)
        if found is None:
            fits = self._fits(parts)
            chosen = next((t for _, t in fits if t.method == method or (method == "HEAD" and t.method == "GET")), None)
            found = (chosen, bool(fits))
            if len(self._memo) >= self.MEMO_LIMIT:
                self._memo.clear()
            self._memo[shape] = found
        return found


def segments(scope) -> list[str] | None:
    """The path's segments split before percent-decoding when the client encoded a slash
    (``%2F``) inside one, so an id such as ``a/b`` sent as ``a%2Fb`` stays one parameter where
    the vendor routed on the raw path (Zep's Go router; zep-cloud for Node encodes ids this
    way); None for every other path."""
    raw = scope.get("raw_path")
    if not raw or (b"%2F" not in raw and b"%2f" not in raw):
        return None
    return [unquote(p) for p in raw.decode("latin-1").strip("/").split("/")]


class Dispatcher:
    """ASGI app: HTTP requests are routed, admitted by the gate, then handled; lifespan goes to
    ``fallback`` (the router). ``/x/`` is served as ``/x`` (vendors' SDKs differ on trailing
    slashes, and Zep clients must never see a redirect)."""

    def __init__(self, table: Table, gate: Gate, dialects: DialectMap, fallback,
                 observer: Observer | None = None):
        self.table = table
        self.gate = gate
        self.dialects = dialects
        self.fallback = fallback
        self.observer = observer

    def _find(self, scope):
        raw = segments(scope)
        if raw is not None:
            found = self.table.find(scope["method"], scope["path"], raw)
            if found[0] is not None and found[0].raw:
                return found
        return self.table.find(scope["method"], scope["path"])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.fallback(scope, receive, send)
        started = time.perf_counter()
        path = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            scope = {**scope, "path": path.rstrip("/") or "/"}  # no redirects, ever
        found, params, elsewhere = self._find(scope)
        dialect = found.dialect if found is not None else self.dialects.for_path(scope["path"])
        rid = request_id(scope)
        response = await self._answer(scope, receive, send, found, params, elsewhere, dialect)
        await stamped(response, rid)(scope, receive, send)
        if self.observer is not None:
            self.observer.done(scope, found.template if found is not None else None, dialect,
                               response.status_code, time.perf_counter() - started, rid)

    async def _answer(self, scope, receive, send, found, params, elsewhere, dialect):
        refused, receive = self.gate.admit(scope, receive, dialect)
        if refused is not None:
            return refused
        scope["path_params"] = params
        request = Request(scope, receive, send)
        try:
            if found is None:
                raise HTTPException(405 if elsewhere else 404)
            return await found.handler(request)
        except ApiError as exc:
            return errors.api_error(exc)
        except HTTPException as exc:
            return errors.http_error(dialect, exc)
        except Exception as exc:  # a bug: logged, answered in the dialect's envelope
            return errors.server_error(dialect, request, exc)
