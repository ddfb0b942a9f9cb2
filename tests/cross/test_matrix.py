"""Write through dialect A; read, append, update and delete through dialect B (every ordered pair,
Zep 3.x threads, Zep v4 and OpenAI Conversations included).

The expectations are docs/contract.md's rules: one order, the same text, times that agree to the
second, each dialect's view of authorship (§3), each vendor's metadata update semantics (§4),
and deletion that is gone everywhere except Honcho v1's soft delete (§6).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from adapters import dialects
from tests.cross.drivers import DRIVERS

MESSAGES = [
    ("user", "my order 1234 never arrived", {"n": "0", "keep": "yes"}),
    ("assistant", "sorry to hear that \u2014 let me check", {"n": "1"}),
    ("user", "thanks! \U0001f600", {"n": "2"}),
]

# What reader B shows as the author of each MESSAGES entry written by A (docs/contract.md §3).
ROLE_VIEW = {
    ("honcho_v3", "honcho_v3"): ["human", "helper", "human"],
    ("honcho_v3", "zep"): ["norole", "norole", "norole"],
    ("honcho_v3", "openai"): ["user", "user", "user"],
    ("honcho_v3", "honcho_v1"): ["not-user", "not-user", "not-user"],
    ("zep", "honcho_v3"): ["zep-user", "Bot", "zep-user"],
    ("openai", "honcho_v3"): ["user", "assistant", "user"],
    ("honcho_v1", "honcho_v3"): ["v1-user", "assistant", "v1-user"],
    ("honcho_v3", "zep_threads"): ["norole", "norole", "norole"],
    ("honcho_v3", "conversations"): ["user", "user", "user"],
    ("zep_threads", "honcho_v3"): ["zep-user", "Bot", "zep-user"],
    ("conversations", "honcho_v3"): ["user", "assistant", "user"],
    ("honcho_v3", "zep_v4"): [None, None, None],  # v4 has no norole: an unset role is null
    ("zep_v4", "honcho_v3"): ["zep4-user", "Bot", "zep4-user"],
}
ROLE_AWARE = {"zep": ["user", "assistant", "user"], "zep_threads": ["user", "assistant", "user"],
              "zep_v4": ["user", "assistant", "user"],
              "openai": ["user", "assistant", "user"], "conversations": ["user", "assistant", "user"],
              "honcho_v1": ["user", "not-user", "user"]}

MOUNTED = {d.name for d in dialects()}
PAIRS = [(a, b) for a in DRIVERS for b in DRIVERS]


def expected_roles(writer: str, reader: str) -> list[str]:
    if (writer, reader) in ROLE_VIEW:
        return ROLE_VIEW[(writer, reader)]
    return ROLE_AWARE[reader]


def seconds(value) -> int:
    if isinstance(value, int):
        return value
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def test_every_dialect_is_in_the_matrix():
    assert {d.name for d in DRIVERS} == MOUNTED | {"zep_threads", "conversations"}


@pytest.mark.parametrize("a, b", PAIRS, ids=lambda d: d.name)
def test_read_append_update_delete_across(module_client, a, b):
    session = a.write(module_client, MESSAGES)
    mine, theirs = a.read(module_client, session), b.read(module_client, session)
    assert [m.text for m in theirs] == [text for _, text, _ in MESSAGES]
    assert [m.role for m in theirs] == expected_roles(a.name, b.name)
    if None not in (mine[0].created, theirs[0].created):  # conversation items carry no time
        assert [seconds(m.created) for m in theirs] == [seconds(m.created) for m in mine]
    if metadata_kept(a, b):
        assert theirs[0].metadata == {"n": "0", "keep": "yes"}

    b.append(module_client, session, "appended by " + b.name)
    assert [m.text for m in a.read(module_client, session)][-1] == "appended by " + b.name

    if metadata_kept(a, b):
        b.update_metadata(module_client, session, theirs[0].id, {"n": "changed"})
        merged = {"n": "changed", "keep": "yes"} if b.name.startswith("zep") else {"n": "changed"}
        assert a.read(module_client, session)[0].metadata == merged

    b.delete(module_client, session)
    if b.name == "honcho_v1":  # soft delete: marked inactive, nothing lost
        assert [m.text for m in a.read(module_client, session)][:3] == [t for _, t, _ in MESSAGES]
    else:
        assert not a.exists(module_client, session)


def metadata_kept(a, b) -> bool:
    """Both ends speak message metadata (Conversations items have none)."""
    return getattr(a, "has_metadata", True) and getattr(b, "has_metadata", True)
