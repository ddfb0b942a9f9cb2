"""Builders of canonical ``store.archive`` rows for imported records."""

from __future__ import annotations

from store.archive import AliasRow, MemberRow, MessageRow, PeerRow, SessionRow, WorkspaceRow
from store.tokens import count_tokens

from gateway.migrate import uids


def workspace(dialect: str, name: str, created: str, *, metadata=None, configuration=None,
              extras=None, uid: bytes | None = None) -> WorkspaceRow:
    uid = uid or uids.derived(created, dialect, "workspace", name)
    return WorkspaceRow(uid=uid.hex(), name=name, metadata=metadata or {},
                        configuration=configuration or {}, extras=extras or {}, created_at=created)


def peer(dialect: str, ws: str, name: str, created: str, *, metadata=None, configuration=None,
         extras=None, role: str | None = None, uid: bytes | None = None,
         updated: str | None = None, enrolled: bool = True) -> PeerRow:
    uid = uid or uids.derived(created, dialect, "peer", ws, name)
    return PeerRow(workspace=ws, uid=uid.hex(), name=name, metadata=metadata or {},
                   configuration=configuration or {}, extras=extras or {}, role=role,
                   created_at=created, updated_at=_later(updated, created), enrolled=enrolled)


def session(dialect: str, ws: str, name: str, created: str, *, owner: str | None = None,
            is_active: bool = True, metadata=None, configuration=None, extras=None,
            ended_at: str | None = None, uid: bytes | None = None,
            updated: str | None = None) -> SessionRow:
    uid = uid or uids.derived(created, dialect, "session", ws, name)
    return SessionRow(workspace=ws, uid=uid.hex(), name=name, owner=owner, is_active=is_active,
                      metadata=metadata or {}, configuration=configuration or {},
                      extras=extras or {}, created_at=created, ended_at=ended_at,
                      updated_at=_later(updated, created))


def member(ws: str, session_name: str, peer_name: str, joined: str, configuration=None,
           left: str | None = None) -> MemberRow:
    return MemberRow(workspace=ws, session=session_name, peer=peer_name,
                     configuration=configuration or {}, joined_at=joined, left_at=left)


def message(dialect: str, ws: str, session_name: str, external: str, seq: int, created: str,
            content: str, *, role=None, author=None, sender=None, metadata=None,
            extras=None, updated: str | None = None) -> tuple[MessageRow, AliasRow]:
    """The message row (its vendor id kept in ``extras[dialect]``) and the id's alias row."""
    uid = uids.message(dialect, external, created).hex()
    own = {dialect: {"id": external, **((extras or {}).get(dialect) or {})}}
    row = MessageRow(workspace=ws, session=session_name, uid=uid, seq=seq, role=role, peer=author,
                     sender=sender, content=content, metadata=metadata or {},
                     extras={**(extras or {}), **own}, token_count=count_tokens(content),
                     created_at=created, updated_at=_later(updated, created))
    return row, alias(dialect, "message", external, uid)


def _later(updated: str | None, created: str) -> str | None:
    """A vendor's update time as the row's ``updated_at``; None (never updated) when it is
    missing or the creation time itself."""
    return updated if updated and updated != created else None


def alias(dialect: str, kind: str, external: str, uid_hex: str) -> AliasRow:
    return AliasRow(dialect=dialect, kind=kind, external=external, uid=uid_hex)


class Authors:
    """Peer rows (and, with ``join``, member rows) for a session's message authors, each made
    once per unit; the author's role is learned from its first message, as writes do."""

    def __init__(self, dialect: str, ws: str, session_name: str, *, join: bool, known=()):
        self.dialect, self.ws, self.session, self.join = dialect, ws, session_name, join
        self.seen = set(known)

    def rows(self, name: str | None, role: str | None, created: str) -> list:
        if not name or name in self.seen:
            return []
        self.seen.add(name)
        # docs/contract.md §8: a peer made only as a message's author is no Zep user
        made = [peer(self.dialect, self.ws, name, created, role=role, enrolled=False)]
        if self.join:
            made.append(member(self.ws, self.session, name, created))
        return made
