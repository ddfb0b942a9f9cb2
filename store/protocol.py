"""The store seam: what adapters may ask of storage, and nothing else.

Every method is async. Records are ``store.model`` structs. Writes are committed when the
awaitable returns (a 2xx may be sent). Errors are ``store.errors``. ``where`` is a
``store.query`` filter. ``metadata``/``configuration`` arguments left as ``None`` mean "leave as
is"; ``extras`` arguments are merged per dialect key (``{"openai": {...}}`` replaces that key).

``updated_at`` (peers, sessions, messages) is None until the record is first updated. A write
that gives an existing record metadata, configuration or extras (even unchanged ones), changes
a session's state, or clears a deleted peer from the sessions and messages it owned or wrote
sets it to the time of the write, in the write's transaction. Creating a record (with its
initial fields, in one call), adding messages or members to a session, and learning a peer's
role do not. ``order`` (``store.order``) sorts peer and session listings.
"""

from __future__ import annotations

from typing import Protocol

from store.model import Member, Message, NewMessage, Page, Peer, Session, StoreStats, Workspace
from store.order import CREATED, Order
from store.query import Filter


class Store(Protocol):
    """Updates take ``metadata`` (and ``extras``/``configuration``) as a value, or as a function
    old -> new that the store applies inside the write: an atomic read-modify-write, which
    Zep's deep-merging PATCH needs so that concurrent updates lose nothing."""

    async def close(self) -> None: ...

    async def health(self) -> str | None:
        """None while writes work; else, in a few words, why they fail (``/health`` answers 503
        with it). Cheap enough for a health probe."""

    def stats(self) -> StoreStats:
        """Counters and sizes for ``/metrics``; cheap (no query), callable at any time."""

    # -- workspaces --------------------------------------------------------------------------
    async def ensure_workspace(
        self, name: str, *, metadata: dict | None = None, configuration: dict | None = None
    ) -> tuple[Workspace, bool]:
        """Get or create; metadata/configuration are used only when creating. (record, created)"""

    async def get_workspace(self, name: str) -> Workspace | None: ...

    async def workspace_by_uid(self, uid: bytes) -> Workspace | None:
        """The workspace whose ``uid`` this is (every record has one besides its name)."""

    async def update_workspace(
        self,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        merge_configuration: bool = True,
        extras: dict | None = None,
    ) -> Workspace:
        """Upsert: creates the workspace when missing."""

    async def list_workspaces(
        self, *, where: Filter | None = None, offset: int = 0, limit: int = 50, reverse: bool = False
    ) -> Page: ...

    async def workspace_counts(self, name: str) -> dict[str, int]:
        """{"peers", "sessions", "messages"}: how many the workspace holds, without reading
        its messages (kept counts). NotFound when missing."""

    async def delete_workspace(self, name: str) -> None:
        """Deletes the workspace and everything in it. NotFound when missing."""

    # -- peers -------------------------------------------------------------------------------
    async def ensure_peer(
        self,
        workspace: str,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        extras: dict | None = None,
        exists_ok: bool = True,
        uid: bytes | None = None,
    ) -> tuple[Peer, bool]:
        """Get or create (creating the workspace too); given fields replace stored ones (and
        bump an existing peer's updated_at). The peer is enrolled (``Peer.enrolled``; a peer
        created any other way, as a message author or session member, is not). Without
        ``exists_ok``, Conflict (nothing written) when an enrolled peer exists; a peer that
        exists but is not enrolled is enrolled and given the fields. ``uid`` is the id a newly
        created peer gets (ignored when it exists): Zep v4 names a user made without a
        ``user_id`` after its own UUID."""

    async def get_peer(self, workspace: str, name: str) -> Peer | None: ...

    async def peer_by_uid(self, workspace: str, uid: bytes) -> Peer | None:
        """The peer of the workspace whose ``uid`` this is."""

    async def list_peers(
        self,
        workspace: str,
        *,
        where: Filter | None = None,
        offset: int = 0,
        limit: int = 50,
        reverse: bool = False,
        order: Order = CREATED,
    ) -> Page:
        """In ``order`` (not ``owner``), ties in creation order; ``reverse`` flips it all."""

    async def update_peer(
        self,
        workspace: str,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        extras: dict | None = None,
    ) -> Peer:
        """Upsert a peer (creating the workspace too), enrolling it; bumps an existing peer's
        updated_at."""

    async def delete_peer(self, workspace: str, name: str, *, with_owned_sessions: bool = True) -> None:
        """Delete a peer (and, with ``with_owned_sessions``, the sessions it owns). Sessions it
        still owned lose their owner and messages it wrote keep its name as sender (both
        bumping updated_at). NotFound when missing."""

    # -- sessions ----------------------------------------------------------------------------
    async def get_or_create_session(
        self,
        workspace: str,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        members: dict[str, dict] | None = None,
        owner: str | None = None,
        extras: dict | None = None,
    ) -> tuple[Session, bool]:
        """The session, created (with its workspace, owner and member peers) when missing; an
        owner given at creation is also its first member. Given metadata replaces, given
        configuration merges, given members are joined; on an existing session given fields bump
        updated_at. Inactive when the session is ended or inactive. (record, created)"""

    async def create_session(
        self,
        workspace: str,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        members: dict[str, dict] | None = None,
        owner: str | None = None,
        extras: dict | None = None,
        uid: bytes | None = None,
    ) -> Session:
        """A new session, as ``get_or_create_session`` creates one; Conflict (nothing written)
        when one of that name exists in any state. ``uid`` is the id it gets (default: a new
        one): Zep v4 names a thread after its own UUID."""

    async def update_session(
        self,
        workspace: str,
        name: str,
        *,
        metadata: dict | None = None,
        configuration: dict | None = None,
        extras: dict | None = None,
        inactive_ok: bool = False,
    ) -> Session:
        """Replace metadata, merge configuration and extras; bumps updated_at when any is given.
        NotFound when missing; Inactive when ended, or inactive unless ``inactive_ok``."""

    async def get_session(self, workspace: str, name: str) -> Session | None: ...

    async def session_by_uid(self, workspace: str, uid: bytes) -> Session | None:
        """For dialects whose ids are uids (Zep v4 thread UUIDs)."""

    async def list_sessions(
        self,
        workspace: str,
        *,
        where: Filter | None = None,
        member: str | None = None,
        owner: str | None = None,
        active_only: bool = False,
        offset: int = 0,
        limit: int = 50,
        reverse: bool = False,
        order: Order = CREATED,
    ) -> Page:
        """``member``: sessions the peer is or was a member of. ``owner``: sessions it owns.
        In ``order``, ties in creation order; ``reverse`` flips it all."""

    async def set_session_state(
        self, workspace: str, name: str, *, is_active: bool | None = None, ended: bool | None = None
    ) -> Session:
        """Deactivate (is_active False: kept, refused to writes unless they pass ``inactive_ok``)
        or end a session (ended True stamps ended_at: refused to every write); either bumps
        updated_at."""

    async def delete_session(self, workspace: str, name: str) -> None:
        """Gone, with its messages and memberships. NotFound when missing."""

    async def clone_session(
        self, workspace: str, name: str, new_name: str, *, upto: bytes | None = None,
        inactive_ok: bool = False,
    ) -> Session:
        """Copy a session (metadata, configuration, members, messages up to and including
        message ``upto``) under ``new_name``. NotFound for the session or the cutoff message,
        and for an ended session or (unless ``inactive_ok``) an inactive one."""

    # -- members -----------------------------------------------------------------------------
    async def join_members(
        self, workspace: str, session: str, members: dict[str, dict], *, replace: bool = False
    ) -> Session:
        """Add peers (created as needed) to a session, creating it when missing. Active members
        keep their configuration; members who had left rejoin with the given one. ``replace``
        makes the given set the whole active membership."""

    async def leave_members(self, workspace: str, session: str, peers: list[str]) -> Session: ...

    async def list_members(
        self, workspace: str, session: str, *, offset: int = 0, limit: int = 50
    ) -> Page:
        """Active members, as Peer records, in join order."""

    async def get_member(self, workspace: str, session: str, peer: str) -> Member | None: ...

    async def configure_member(
        self, workspace: str, session: str, peer: str, configuration: dict
    ) -> None:
        """Merge non-null keys into a member's configuration. NotFound when not a member row."""

    # -- messages ----------------------------------------------------------------------------
    async def add_messages(
        self,
        workspace: str,
        session: str,
        messages: list[NewMessage],
        *,
        create: bool = True,
        join_authors: bool = True,
        inactive_ok: bool = False,
    ) -> list[Message]:
        """Append in request order. ``create`` makes workspace, session and author peers as
        needed (else NotFound); Inactive for an ended session, or an inactive one unless
        ``inactive_ok``."""

    async def get_message(
        self, workspace: str, uid: bytes, *, session: str | None = None
    ) -> Message | None: ...

    async def list_messages(
        self,
        workspace: str,
        session: str | None,
        *,
        where: Filter | None = None,
        offset: int = 0,
        limit: int = 50,
        reverse: bool = False,
        count: bool = True,
    ) -> Page:
        """Session order (``seq``). ``session`` None lists the whole workspace in write order.
        With ``count`` False the caller needs no total (OpenAI's ``has_more`` comes from asking
        for limit + 1): the store may return ``total=None`` rather than count the rest.

        Cost (both stores should keep it): an unfiltered page of one session, at any depth,
        and a page bounded by ``seq`` comparisons are index seeks, O(log n)."""

    async def update_message(
        self,
        workspace: str,
        uid: bytes,
        *,
        metadata: dict | None = None,
        extras: dict | None = None,
        session: str | None = None,
    ) -> Message:
        """Replace metadata, merge extras, bump updated_at. NotFound when missing (or not in
        ``session``)."""

    async def delete_message(self, workspace: str, uid: bytes, *, session: str | None = None) -> None: ...

    async def search_messages(
        self, workspace: str, query: str, *, where: Filter | None = None, limit: int = 10
    ) -> list[Message]:
        """Full-text match (every word, stemmed) ranked best first, then newest first; when that
        finds fewer than ``limit`` (or the query has punctuation), case-insensitive substring
        matches of the whole query, newest first. An empty query returns the newest messages.

        Cost (both stores should keep it): index lookups bounded by the limit, never a scan of
        the workspace or a session. Ranking may consider only a bounded set of the newest word
        matches (SQLite: 64, at least 4x the limit); a ``session`` or ``peer`` condition at the
        top of ``where`` belongs inside the index query. tests/store/test_read_semantics.py pins
        the answers on a small store."""

    # -- records: dialect-specific objects with no canonical twin ----------------------------
    # (OpenAI assistants, Honcho v1 metamessages/collections/documents, Honcho v3 scopes, ...).
    # ``kind`` names the collection ("openai.assistant"); ``parent`` an optional owning key used
    # for listing. A record's ``uid`` is any 16 bytes, not always a time-ordered one (Honcho v3
    # scopes derive theirs from their names); "creation (uid) order" is then just uid order.
    async def put_record(
        self, workspace: str, kind: str, uid: bytes, body: dict, *, parent: str = "",
        unique: str | None = None,
    ) -> dict:
        """Insert or replace; returns the body as stored. With ``unique`` (a top-level body field),
        Conflict when another record of the kind and parent has the same value there (checked
        inside the write, so concurrent writers cannot both pass)."""

    async def get_record(self, workspace: str, kind: str, uid: bytes) -> dict | None: ...

    async def list_records(
        self,
        workspace: str,
        kind: str,
        *,
        parent: str | None = None,
        offset: int = 0,
        limit: int = 50,
        reverse: bool = False,
    ) -> Page:
        """In creation (uid) order."""

    async def delete_record(self, workspace: str, kind: str, uid: bytes) -> bool: ...

    # -- export / import -------------------------------------------------------------------
    def export_rows(self):
        """An iterator over every row as ``store.archive`` rows, in a stable order."""

    async def import_rows(self, rows, progress=None) -> dict:
        """Insert the rows not already present, in one transaction. {kind: {added, skipped}}
        ``rows`` is any iterable, read once as the write goes (a generator streaming a file:
        the store must not hold it whole); an exception from it rolls everything back."""

    # -- aliases: vendor ids kept for imported records ---------------------------------------
    async def resolve_alias(self, dialect: str, kind: str, external: str) -> bytes | None: ...

    async def recent_messages(
        self, workspace: str, session: str, *, token_budget: int
    ) -> list[Message]:
        """The newest messages whose token counts sum within the budget, oldest first."""
