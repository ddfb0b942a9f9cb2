"""Honcho v1 request bodies with Honcho's field names and limits (docs/vendors.md, Honcho §3.3, 1.1.0 schemas).

Names are 1..100 characters of anything on create (v1 has no character pattern) and unchecked on
update, as in Honcho.
Metamessages take ``label`` or its alias ``metamessage_type`` (pydantic ``populate_by_name``).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Content = Annotated[str, msgspec.Meta(max_length=50_000)]
DocumentText = Annotated[str, msgspec.Meta(min_length=1, max_length=100_000)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]


class Create(msgspec.Struct):
    """Apps, users and collections."""
    name: Name
    metadata: dict = {}


class Update(msgspec.Struct):
    """Apps, users and collections: every field optional."""
    name: str | None = None
    metadata: dict | None = None


class Filter(msgspec.Struct):
    filter: dict | None = None


class SessionCreate(msgspec.Struct):
    metadata: dict = {}


class SessionList(msgspec.Struct):
    filter: dict | None = None
    is_active: bool = False


class MetadataUpdate(msgspec.Struct):
    """Sessions and messages: metadata is required and replaces the stored object."""
    metadata: dict


class MessageCreate(msgspec.Struct):
    content: Content
    is_user: bool
    metadata: dict = {}


class MessageBatch(msgspec.Struct):
    messages: Annotated[list[MessageCreate], msgspec.Meta(min_length=1, max_length=100)]


class MetamessageCreate(msgspec.Struct):
    content: Content
    label: Label | None = None
    metamessage_type: Label | None = None
    session_id: str | None = None
    message_id: str | None = None
    metadata: dict = {}


class MetamessageList(msgspec.Struct):
    label: str | None = None
    metamessage_type: str | None = None
    session_id: str | None = None
    message_id: str | None = None
    filter: dict | None = None


class MetamessageUpdate(msgspec.Struct):
    label: str | None = None
    metamessage_type: str | None = None
    session_id: str | None = None
    message_id: str | None = None
    metadata: dict | None = None


class DocumentCreate(msgspec.Struct):
    content: DocumentText
    metadata: dict = {}


class DocumentUpdate(msgspec.Struct):
    content: DocumentText | None = None
    metadata: dict | None = None


class DocumentQuery(msgspec.Struct):
    query: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
    filter: dict | None = None
    top_k: Annotated[int, msgspec.Meta(ge=1, le=50)] = 5


class Chat(msgspec.Struct):
    queries: str | list[str]
    stream: bool = False


class SessionMetamessageCreate(msgspec.Struct):
    """v1-early (0.0.12-0.0.16): metamessages live under a session and a message."""
    metamessage_type: Label
    content: Content
    message_id: str
    metadata: dict = {}


class SessionMetamessageUpdate(msgspec.Struct):
    message_id: str
    metamessage_type: str | None = None
    metadata: dict | None = None
