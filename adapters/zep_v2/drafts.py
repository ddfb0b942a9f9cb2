"""Checking incoming Zep messages and turning them into canonical writes (docs/vendors.md, Zep §6, §7).

Zep's rules: at most 30 messages per call, content within ``zep_max_content_chars`` code
points, a role type from Zep's enum, an optional client UUID (kept as the message id) and an
optional RFC 3339 ``created_at`` (kept). Authorship follows docs/contract.md §3: role = role type,
sender = the free-text name; the author peer is the session's user for user messages, else
the sender name, else the role type.
"""

from __future__ import annotations

from datetime import datetime

from adapters.contract import settings_of
from adapters.zep_server.times import BadTime, utc_time
from adapters.zep_v2.body import nested
from adapters.zep_v2.errors import bad_request
from store.ids import from_uuid_text
from store.model import NewMessage

MAX_MESSAGES = 30
ROLE_TYPES = ("norole", "system", "assistant", "user", "function", "tool")
TOO_MANY = (f"max messages per memory of {MAX_MESSAGES} exceeded. reduce the number of messages "
            "in your request")
BAD_TIME = {"format": "invalid created_at {value!r}: expected an RFC 3339 timestamp",
            "range": "invalid created_at {value!r}: year out of range"}


class Draft:
    """One checked message, waiting for the session's owner to name its author."""

    __slots__ = ("content", "role", "name", "metadata", "created_at", "uid")

    def __init__(self, content, role, name, metadata, created_at, uid):
        self.content, self.role, self.name = content, role, name or None
        self.metadata, self.created_at, self.uid = metadata or {}, created_at, uid

    def new(self, owner: str | None) -> NewMessage:
        if self.role == "user":
            author = owner or self.name or "user"
        else:
            author = self.name or self.role
        return NewMessage(content=self.content, role=None if self.role == "norole" else self.role,
                          peer=author, sender=self.name, metadata=self.metadata,
                          created_at=self.created_at, uid=self.uid)


def role_type(value: str | None, field: str = "role_type") -> str:
    if not value:
        raise bad_request(f"messages are required to have a {'RoleType' if field == 'role_type' else field}")
    if value not in ROLE_TYPES:
        raise bad_request(f"invalid {field} {value!r}: expected one of {', '.join(ROLE_TYPES)}")
    return value


def roles(values: list[str] | None) -> None:
    for value in values or ():
        role_type(value, "ignore_roles")


def moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return utc_time(value)
    except BadTime as exc:
        raise bad_request(BAD_TIME[exc.reason].format(value=value)) from None


def uid(value: str | None) -> bytes | None:
    if not value:
        return None
    found = from_uuid_text(value)
    if found is None:
        raise bad_request(f"unable to parse UUID {value!r}")
    return found


def check(request, messages: list, *, role_field: str, name_field: str) -> list[Draft]:
    """Drafts of v2 (role_type/role) or 3.x (role/name) messages, in Zep CE's check order."""
    if len(messages) > MAX_MESSAGES:
        raise bad_request(TOO_MANY)
    limit = settings_of(request).zep_max_content_chars
    for m in messages:
        if len(m.content) > limit:
            raise bad_request(f"message content exceeds {limit} characters")
    return [
        Draft(m.content, role_type(getattr(m, role_field), role_field), getattr(m, name_field),
              nested(m.metadata, "metadata"), moment(m.created_at), uid(m.uuid))
        for m in messages
    ]
