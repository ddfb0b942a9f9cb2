"""Reading requests: JSON bodies into wire structs, query parameters and path ids.

GET and DELETE bodies are never read (zep-cloud 2.x sends ``{}`` on them). Empty query values
count as absent (zep-python 2.0.2 sends ``?lastn=&minRating=``). Both spellings of a parameter
are accepted where Zep's SDKs and its server disagree (``page_number`` / ``pageNumber``).
"""

from __future__ import annotations

from starlette.requests import Request

from adapters.zep_server import body as json_body
from adapters.zep_server.body import MAX_DEPTH, MAX_INT, Unreadable
from adapters.zep_v2.errors import bad_request, not_found

TRUE = ("1", "t", "true")
FALSE = ("0", "f", "false")
UNREADABLE = {"empty": "request body is required", "invalid": "{detail}", "json": "invalid JSON: {detail}",
              "deep": f"JSON nested more than {MAX_DEPTH} levels deep"}


async def parse(request: Request, kind, *, empty=None):
    """The body as ``kind``; an empty body gives ``empty`` (400 when None)."""
    try:
        return await json_body.read(request, kind, empty=empty)
    except Unreadable as exc:
        raise bad_request(UNREADABLE[exc.reason].format(detail=exc.detail)) from None


def nested(value, field: str):
    """``value`` when its JSON nesting is at most MAX_DEPTH levels."""
    if json_body.too_deep(value):
        raise bad_request(f"{field} nested more than {MAX_DEPTH} levels deep")
    return value


def text(request: Request, *names: str) -> str | None:
    """The first non-empty value among ``names`` (alternative spellings of one parameter)."""
    for name in names:
        value = request.query_params.get(name)
        if value:
            return value
    return None


def integer(request: Request, *names: str, default=None, low: int = 0):
    raw = text(request, *names)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"invalid value for {names[0]}: {raw!r} is not an integer") from None
    if value < low or value > MAX_INT:
        raise bad_request(f"invalid value for {names[0]}: {value} is out of range")
    return value


def flag(request: Request, *names: str, default: bool = False) -> bool:
    raw = text(request, *names)
    if raw is None:
        return default
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise bad_request(f"invalid value for {names[0]}: {raw!r} is not a boolean")


def path_id(request: Request, name: str) -> str:
    """A path id (already percent-decoded); an empty or NUL-bearing id names nothing."""
    value = request.path_params[name]
    if not value or "\x00" in value:
        raise not_found()
    return value


def client_id(value: str, field: str) -> str:
    """A client-chosen id in a create body: non-empty, no NUL."""
    if not value.strip():
        raise bad_request(f"{field} cannot be empty")
    if "\x00" in value:
        raise bad_request(f"{field} cannot contain a NUL character")
    return value
