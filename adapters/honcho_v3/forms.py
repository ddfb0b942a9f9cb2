"""The multipart form of a file upload, read as FastAPI hands it to Honcho's upload route, and
its values as Honcho's ``parse_upload_form`` (src/routers/messages.py) reads them.

FastAPI's rules: an absent or empty field is missing; text sent as a file part is string_type;
``file`` sent as text is a value_error; of repeated parts the last wins; the issues come as
pydantic's list in FastAPI's order (peer_id, metadata, configuration, created_at, file). A body
the multipart parser rejects is FastAPI's 400. Honcho's reading: metadata and configuration are
JSON and created_at ISO 8601, and text that does not parse is ignored, not refused.
"""

from __future__ import annotations

from datetime import datetime, timezone

import msgspec
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from adapters.honcho_v3 import files, wire
from adapters.honcho_server.errors import fail, invalid, issue

TEXT_FIELDS = ("peer_id", "metadata", "configuration", "created_at")
PARSE_ERROR = "There was an error parsing the body"  # FastAPI's 400 for a body it cannot parse
# Starlette 1.x wraps the parser's own errors in this; under Honcho's Starlette they reached
# FastAPI bare, which answered its generic text.
WRAPPED = "Invalid multipart data."
NOT_AN_OBJECT = {
    "metadata": ("dict_type", "Input should be a valid dictionary"),
    "configuration": ("model_type", "Input should be a valid dictionary or instance of MessageConfiguration"),
}


async def read(request: Request) -> tuple[wire.MessageUpload, wire.Upload]:
    """The form's text fields and its file (413 past Honcho's file size limit, unread)."""
    form = await _parsed(request)
    try:
        fields = _fields(form)
        part = form.get("file")
        files.check_size(part.size)
        upload = wire.Upload(filename=part.filename, content_type=part.content_type,
                             size=part.size, content=await part.read())
        return fields, upload
    finally:
        await form.close()


async def _parsed(request: Request) -> FormData:
    try:
        return await request.form()
    except HTTPException as exc:  # Starlette's 400 for a malformed body; a 413 passes on
        if exc.status_code != 400:
            raise
        raise _bad_body(exc.detail) from None
    except MultiPartException as exc:
        raise _bad_body(exc.message) from None
    except Exception:  # FastAPI answers anything else the parser raises so
        raise fail(400, PARSE_ERROR) from None


def _bad_body(message: str):
    return fail(400, PARSE_ERROR if message == WRAPPED else message)


def _fields(form: FormData) -> wire.MessageUpload:
    issues = [found for name in TEXT_FIELDS if (found := _text_issue(name, form.get(name)))]
    if found := _file_issue(form.get("file")):
        issues.append(found)
    if issues:
        raise invalid(issues)
    return wire.MessageUpload(**{name: form.get(name) or None for name in TEXT_FIELDS})


def _text_issue(name: str, value) -> dict | None:
    if value is None or value == "":
        return issue("missing", ["body", name], "Field required", None) if name == "peer_id" else None
    if isinstance(value, UploadFile):
        return issue("string_type", ["body", name], "Input should be a valid string", _described(value))
    return None


def _file_issue(value) -> dict | None:
    if value is None or value == "":
        return issue("missing", ["body", "file"], "Field required", None)
    if isinstance(value, str):
        return issue("value_error", ["body", "file"], "Value error, Expected UploadFile, received: <class 'str'>",
                     value, {"error": {}})
    return None


def _described(part: UploadFile) -> dict:
    """A file part where text was expected, as FastAPI echoes it (less its temp-file internals)."""
    return {"filename": part.filename, "size": part.size, "headers": dict(part.headers)}


def json_object(name: str, text: str | None) -> dict | None:
    """A JSON form field: None when absent, empty or not JSON (Honcho logs and ignores it);
    pydantic's 422 when it is JSON but not an object (Honcho's own check of it is a 500)."""
    if not text:
        return None
    try:
        value = msgspec.json.decode(text)
    except (msgspec.DecodeError, RecursionError):
        return None
    if value is None or isinstance(value, dict):
        return value
    kind, message = NOT_AN_OBJECT[name]
    raise invalid([issue(kind, ["body", name], message, value)])


def created_at(text: str | None) -> tuple[datetime | None, datetime | None]:
    """(the moment to store, as UTC; the moment Honcho echoes, as parsed). Honcho reads
    ``fromisoformat`` after replacing every ``Z`` and ignores text it cannot read; a moment
    outside years 1-9999 once in UTC is a 422, as on message create."""
    if not text:
        return None, None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc), moment
    try:
        return moment.astimezone(timezone.utc), moment
    except OverflowError:
        raise invalid([issue("datetime_from_date_parsing", ["body", "created_at"],
                             "Input should be a valid datetime", text)]) from None
