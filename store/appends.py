"""Both stores' work around an append, outside the write itself: each new message prepared once
before it (its uid, the text of its time, its token count, its JSON) and the records handed back
after it, numbered from the first seq the write allocated."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from store import rows
from store.clock import from_text, to_text
from store.ids import new_uids
from store.model import Message, NewMessage
from store.tokens import count_many


class Prepared:
    """One new message as the write stores it; ``created`` is None until the write stamps it."""

    __slots__ = ("new", "uid", "created", "tokens", "metadata", "extras", "content")

    def __init__(self, new: NewMessage, tokens: int, uid: bytes, content: str):
        self.new = new
        self.content = content
        self.uid = new.uid or uid
        self.created = to_text(new.created_at) if new.created_at else None
        self.tokens = tokens
        self.metadata = rows.dump(new.metadata)
        self.extras = rows.dump(new.extras)


def prepare(messages: Sequence[NewMessage], stored: Callable[[str], str] = str) -> list[Prepared]:
    """``stored``: the content as the backend keeps it (PostgreSQL's text cannot hold NUL)."""
    tokens = count_many([m.content for m in messages])
    uids = new_uids(len(messages))
    return [Prepared(m, n, u, stored(m.content)) for m, n, u in zip(messages, tokens, uids)]


def appended(workspace: str, session: str, first: int, prepared: list[Prepared]) -> list[Message]:
    """The records of a finished append whose first message got seq ``first``."""
    moments: dict[str, object] = {}  # a batch mostly shares one timestamp: parse it once
    return [
        Message(
            uid=p.uid, workspace=workspace, session=session, seq=first + i,
            content=p.new.content, metadata=p.new.metadata, token_count=p.tokens,
            created_at=moments.get(p.created) or moments.setdefault(p.created, from_text(p.created)),
            role=p.new.role, peer=p.new.peer, sender=p.new.sender, extras=p.new.extras,
        )
        for i, p in enumerate(prepared)
    ]
