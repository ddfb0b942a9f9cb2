"""Honcho v3 request bodies, with Honcho's field names and limits (docs/vendors.md, Honcho §5.2)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=512, pattern=r"^[a-zA-Z0-9_-]+$")]
Content = Annotated[str, msgspec.Meta(max_length=25_000)]


class PeerConfig(msgspec.Struct):
    """Booleans as pydantic's lax mode reads them (configuration.boolean)."""

    observe_me: Any = None
    observe_others: Any = None


class Named(msgspec.Struct, forbid_unknown_fields=False):
    id: Name | None = None
    name: Name | None = None  # Honcho parses create bodies with populate_by_name


class WorkspaceCreate(Named):
    metadata: dict | None | msgspec.UnsetType = msgspec.UNSET  # null is a 422 here
    configuration: Any = msgspec.UNSET  # a WorkspaceConfiguration; null is a 422 here


class PeerCreate(Named):
    metadata: dict | None = None
    configuration: dict | None = None


class SessionCreate(Named):
    metadata: dict | None = None
    configuration: Any = None  # a SessionConfiguration (configuration.session)
    peers: dict[str, PeerConfig] | None = None
    scopes: Any = None  # Honcho main (after 3.0.12): a list of scope names, see scopes.check_names


class Update(msgspec.Struct):
    metadata: dict | None = None
    configuration: Any = None  # workspace and session updates read it with configuration.*


class PeerUpdate(msgspec.Struct):
    metadata: dict | None = None
    configuration: dict | None = None


class MessageCreate(msgspec.Struct):
    content: Content
    peer_id: Name
    metadata: dict | None = None
    configuration: Any = None  # a MessageConfiguration (configuration.message)
    created_at: Any = None  # read as pydantic does (moments.parse / moments.problem)


class MessageBatch(msgspec.Struct):
    messages: Annotated[list[MessageCreate], msgspec.Meta(min_length=1, max_length=100)]


class Filters(msgspec.Struct):
    filters: dict | None = None
    filter: Any = None  # the singular key is accepted and ignored, like Honcho


class MessageUpdate(msgspec.Struct):
    metadata: dict | None = None


class Search(msgspec.Struct):
    query: str
    filters: dict | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 10


class CardSet(msgspec.Struct):
    peer_card: list[str]


class MessageUpload(msgspec.Struct):
    """The text fields of the upload form (Honcho's ``parse_upload_form``), as sent."""

    peer_id: str
    metadata: str | None = None  # JSON text
    configuration: str | None = None  # JSON text
    created_at: str | None = None  # ISO 8601 text


class Upload(msgspec.Struct):
    """The form's ``file`` part: the names Honcho reads off FastAPI's UploadFile."""

    filename: str | None
    content_type: str | None  # the part's Content-Type, verbatim; None when it has none
    size: int
    content: bytes
