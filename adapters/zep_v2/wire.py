"""Zep request bodies with Zep's field names (zep-cloud 2.22 and 3.x, zep-python 2.0.2).

Unknown keys are ignored, as Zep's Go decoder does. Optional keys are None when absent.
"""

from __future__ import annotations

import msgspec


class FactRatingExamples(msgspec.Struct, omit_defaults=True):
    high: str | None = None
    medium: str | None = None
    low: str | None = None


class FactRatingInstruction(msgspec.Struct, omit_defaults=True):
    """Kept as given (its own fields only, as Zep's typed decoder keeps it) though never used."""

    instruction: str | None = None
    examples: FactRatingExamples | None = None


class UserUpdate(msgspec.Struct, kw_only=True):
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    metadata: dict | None = None
    fact_rating_instruction: FactRatingInstruction | None = None
    time_zone: str | None = None
    disable_default_ontology: bool | None = None


class UserCreate(UserUpdate, kw_only=True):
    user_id: str


class SessionUpdate(msgspec.Struct, kw_only=True):
    metadata: dict | None = None
    fact_rating_instruction: FactRatingInstruction | None = None


class SessionCreate(SessionUpdate, kw_only=True):
    session_id: str
    user_id: str | None = None


class ThreadCreate(msgspec.Struct):
    thread_id: str
    user_id: str


class Message(msgspec.Struct):
    """A v2 message: ``role_type`` is the role, ``role`` the sender's name."""

    content: str
    role_type: str | None = None
    role: str | None = None
    metadata: dict | None = None
    created_at: str | None = None
    uuid: str | None = None
    token_count: int | None = None


class ThreadMessage(msgspec.Struct):
    """A 3.x message: ``role`` is the role, ``name`` the sender's name."""

    content: str
    role: str | None = None
    name: str | None = None
    metadata: dict | None = None
    created_at: str | None = None
    uuid: str | None = None


class MemoryAdd(msgspec.Struct):
    messages: list[Message]
    ignore_roles: list[str] | None = None
    return_context: bool | None = None
    fact_instruction: str | None = None
    summary_instruction: str | None = None


class ThreadMessagesAdd(msgspec.Struct):
    messages: list[ThreadMessage]
    ignore_roles: list[str] | None = None
    return_context: bool | None = None
    strict_ontology: bool | None = None


class MetadataUpdate(msgspec.Struct):
    metadata: dict


class EndSession(msgspec.Struct):
    classify: dict | None = None
    instruction: str | None = None


class EndSessions(msgspec.Struct):
    session_ids: list[str]
    instruction: str | None = None


class SessionSearch(msgspec.Struct):
    text: str | None = None
    user_id: str | None = None
    session_ids: list[str] | None = None
    search_scope: str | None = None
    search_type: str | None = None
    mmr_lambda: float | None = None
    min_score: float | None = None
    min_fact_rating: float | None = None
    record_filter: dict | None = None


class MemorySearch(msgspec.Struct):
    text: str | None = None
    metadata: dict | None = None
    search_scope: str | None = None
    search_type: str | None = None
    mmr_lambda: float | None = None
    min_score: float | None = None
    min_fact_rating: float | None = None
