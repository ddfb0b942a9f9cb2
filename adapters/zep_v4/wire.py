"""Zep v4 request bodies with zep-cloud 4.0.1's field names. Unknown keys are ignored; optional
keys are None when absent."""

from __future__ import annotations

import msgspec


class UserUpdate(msgspec.Struct, kw_only=True):
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    metadata: dict | None = None
    time_zone: str | None = None
    disable_default_ontology: bool | None = None


class UserCreate(UserUpdate, kw_only=True):
    user_id: str | None = None
    content_policy: dict | None = None


class Lookup(msgspec.Struct, kw_only=True):
    user_id: str | None = None
    thread_id: str | None = None
    graph_id: str | None = None


class Search(msgspec.Struct, kw_only=True):
    search: str | None = None


class ThreadCreate(msgspec.Struct, kw_only=True):
    user_uuid: str


class AddMessage(msgspec.Struct, kw_only=True):
    content: str
    role: str | None = None
    name: str | None = None
    metadata: dict | None = None
    reference_time: str | None = None
    uuid: str | None = None


class AddMessages(msgspec.Struct, kw_only=True):
    messages: list[AddMessage]
    ignore_roles: list[str] | None = None
    return_context: bool | None = None
    strict_ontology: bool | None = None


class MetadataPatch(msgspec.Struct, kw_only=True):
    metadata: dict | None = None


class GraphCreate(msgspec.Struct, kw_only=True):
    name: str | None = None
    description: str | None = None
    time_zone: str | None = None
    content_policy: dict | None = None


class GraphUpdate(msgspec.Struct, kw_only=True):
    name: str | None = None
    description: str | None = None
    time_zone: str | None = None


class AddEpisode(msgspec.Struct, kw_only=True):
    data: str
    type: str | None = None
    metadata: dict | None = None
    reference_time: str | None = None
    source_description: str | None = None
    document_id: str | None = None
    strict_ontology: bool | None = None


class EpisodeList(msgspec.Struct, kw_only=True):
    filters: dict | None = None


class GraphSearch(msgspec.Struct, kw_only=True):
    query: str | None = None
    filters: dict | None = None
    reranker: str | None = None
    mmr_lambda: float | None = None
    center_node_uuid: str | None = None
    bfs_origin_node_uuids: list[str] | None = None
    filter_low_quality_results: bool | None = None


class GraphContext(msgspec.Struct, kw_only=True):
    query: str | None = None
    max_characters: int | None = None
    include_results: bool | None = None
    recency_bias: str | float | None = None
    template_uuid: str | None = None
    filters: dict | None = None
