"""The caller's reach under /v3: the path's workspace checked against the API key's binding."""

from __future__ import annotations

from starlette.requests import Request

from adapters.contract import bound_workspace
from adapters.honcho_server.errors import unauthorized
from adapters.honcho_v3.body import check_name


def workspace(request: Request, *, creating: bool = False) -> str:
    """The path's workspace, checked against the caller's key binding."""
    name = request.path_params["workspace_id"]
    bound = bound_workspace(request)
    if bound is not None and bound != name:
        raise unauthorized()
    if creating:
        check_name(name, ["path", "workspace_id"])
    return name


def admin_only(request: Request) -> None:
    if bound_workspace(request) is not None:
        raise unauthorized("Resource requires admin privileges")
