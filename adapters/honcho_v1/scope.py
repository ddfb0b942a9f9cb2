"""The app, user and session a request's path names, resolved and checked against the key.

Path ids accept what Honcho returns (the short ids of ``ids``) and, as a Rosetta extension,
the plain names (``/v1/apps/default/users/alice/...``). A key bound to a workspace may only
touch that app: anything else is Honcho's 401.

A session is reachable under the user who owns it, any of its member peers, and, when it has
no owner (a Honcho v3 or OpenAI session), any user of the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.contract import ApiError, bound_workspace, store
from adapters.honcho_v1 import ids
from adapters.honcho_v1.errors import app_missing, session_missing, unauthorized, user_missing
from store.model import Peer, Session, Workspace


@dataclass
class Scope:
    workspace: Workspace
    peer: Peer | None = None

    @property
    def name(self) -> str:
        return self.workspace.name

    @property
    def app_id(self) -> str:
        return ids.shown(self.workspace)

    @property
    def user_id(self) -> str:
        return ids.shown(self.peer)


def admin_or(request, name: str) -> None:
    """Admin-only routes; a bound key passes for its own workspace only."""
    bound = bound_workspace(request)
    if bound is not None and bound != name:
        raise unauthorized("Resource requires admin privileges")


async def workspace(request, ident: str) -> Workspace:
    bound = bound_workspace(request)
    s = store(request)
    if bound is not None:
        found = await s.get_workspace(bound)
        if found is not None and (ident == bound or await ids.uid_for(request, "app", ident) == found.uid):
            return found
        if found is None and ident == bound:
            raise app_missing(ident)
        raise unauthorized()
    found = await ids.workspace(request, ident) or await s.get_workspace(ident)
    if found is None:
        raise app_missing(ident)
    return found


async def app(request) -> Scope:
    return Scope(await workspace(request, request.path_params["app_id"]))


async def peer(request, scope: Scope, ident: str) -> Peer:
    found = await ids.peer(request, scope.name, ident) or await store(request).get_peer(scope.name, ident)
    if found is None:
        raise user_missing(ident)
    return found


async def user(request) -> Scope:
    """The path's app and user; Honcho names only the user when either is unknown (it looks
    the user up by app and id at once)."""
    found = await user_or_none(request)
    if found is None:
        raise user_missing(request.path_params["user_id"])
    return found


async def app_or_none(request) -> Scope | None:
    """The path's app, or None when it is unknown (routes that only read below it answer for
    the object they read, or an empty page, as Honcho's queries do)."""
    try:
        return await app(request)
    except ApiError as exc:
        if exc.status != 404:
            raise
        return None


async def user_or_none(request) -> Scope | None:
    scope = await app_or_none(request)
    if scope is None:
        return None
    ident = request.path_params["user_id"]
    scope.peer = await ids.peer(request, scope.name, ident) or await store(request).get_peer(scope.name, ident)
    return scope if scope.peer is not None else None


async def reachable(request, scope: Scope, name: str) -> Session | None:
    s = store(request)
    found = await s.get_session(scope.name, name)
    if found is None or found.owner in (None, scope.peer.name):
        return found
    member = await s.get_member(scope.name, name, scope.peer.name)
    return found if member is not None else None


async def session(request, scope: Scope | None, name: str | None = None) -> Session:
    found = scope and await reachable(request, scope, name or request.path_params["session_id"])
    if found is None:
        raise session_missing()
    return found
