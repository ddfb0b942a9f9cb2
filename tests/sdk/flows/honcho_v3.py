"""Every storage flow of honcho-ai 2.7.0 (docs/vendors.md, Honcho §5.11), unchanged, against Rosetta.

Run by tests/sdk/test_honcho_v3_sdk.py in the SDK's own venv. Env: HONCHO_URL, WORKSPACE.
Prints a JSON summary on success; any failed check exits non-zero.
"""

import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from honcho import Honcho
from honcho.api_types import SessionPeerConfig
from honcho.http.exceptions import APIError

WORKSPACE = os.environ["WORKSPACE"]


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def upload_flow(honcho, alice, bob, when):
    """Session.upload_file, with a (filename, bytes, content type) tuple and with an open file."""
    docs = honcho.session("uploads-1")
    sentence = "The invoice total was wrong. "
    notes = "Meeting notes.\n\n" + sentence * 1_000  # 29,016 characters
    made = docs.upload_file(file=("notes.txt", notes.encode(), "text/plain"), peer=alice,
                            metadata={"source": "upload"}, created_at=when)
    # Honcho's cuts: after the paragraph break, then after the last sentence that fits in 25,000
    check([m.content for m in made] == ["Meeting notes.\n\n", sentence * 862, sentence * 138],
          f"chunks: {[len(m.content) for m in made]}")
    check(all(m.peer_id == "alice" and m.metadata == {"source": "upload"} and m.token_count > 0 for m in made),
          "chunk author, metadata, tokens")
    check(made[0].created_at == when, f"upload created_at kept: {made[0].created_at}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.json"
        path.write_text('{\n  "total": 42,\n  "items": [true, null]\n}\n')
        with path.open("rb") as handle:  # the SDK guesses application/json from the name
            [doc] = docs.upload_file(file=handle, peer=bob)
    check(doc.content == '{"total": 42, "items": [true, null]}' and doc.peer_id == "bob", f"json upload: {doc.content}")

    read = list(docs.messages())
    check([m.id for m in read] == [m.id for m in made] + [doc.id], "uploads read back in order")
    check([m.content for m in read] == [m.content for m in made] + [doc.content], "uploads read back whole")
    check(any(m.session_id == "uploads-1" for m in docs.search("invoice")), "uploaded text is searchable")

    try:
        docs.upload_file(file=("scan.pdf", b"%PDF-1.7", "application/pdf"), peer=alice)
        check(False, "a PDF upload should fail with 415")
    except APIError as exc:
        check(exc.status == 415 and "Rosetta" in str(exc), f"pdf upload error: {exc}")
    check(len(list(docs.messages())) == 4, "a refused upload writes nothing")


def scopes_flow(honcho, alice, bob):
    """Scopes (Honcho main, after 3.0.12): membership, fail-closed scoped search, session context."""
    inside = honcho.session("scoped-in")
    outside = honcho.session("scoped-out")
    inside.add_messages([alice.message("the secret plan is tea")])
    outside.add_messages([bob.message("the secret plan is coffee")])

    therapy = honcho.scope("therapy", metadata={"kind": "care"})
    check(therapy.id == "therapy" and therapy.metadata == {"kind": "care"} and therapy.created_at, "scope created")
    check(honcho.search("secret", scope=therapy) == [], "an empty scope finds nothing")
    therapy.add_sessions([inside])
    found = honcho.search("secret", scope="therapy")
    check([m.session_id for m in found] == ["scoped-in"], f"scoped search stays inside: {found}")
    check(len(honcho.search("secret")) == 2, "unscoped search sees both")
    check(honcho.search("coffee", scope="therapy") == [], "a message outside the scope is not found")
    status = therapy.status()
    check(status["scoped-in"].state == "completed" and status["scoped-in"].docs_copied == 0, f"status: {status}")

    fresh = honcho.session("scoped-new", scopes=[therapy, "work"])
    fresh.add_messages([alice.message("the secret plan is water")])
    check([s.id for s in therapy.sessions()] == ["scoped-in", "scoped-new"], "scope sessions in membership order")
    check(sorted(m.session_id for m in honcho.search("secret", scope="therapy")) == ["scoped-in", "scoped-new"],
          "session created into the scope is searched")
    check([s.id for s in honcho.scopes()] == ["therapy", "work"], "scopes listed")
    check(honcho.get_scope("work").metadata == {}, "get_scope")
    try:
        honcho.get_scope("nope")
        check(False, "an unknown scope should be a 404")
    except APIError as exc:
        check(exc.status == 404, f"unknown scope: {exc}")
    try:
        honcho.search("secret", scope="nope")
        check(False, "a search in an unknown scope should be a 404")
    except APIError as exc:
        check(exc.status == 404, f"unknown scope search: {exc}")

    context = inside.context(peer_target="alice", scope=therapy)
    check(context.peer_card is None and [m.content for m in context.messages] == ["the secret plan is tea"],
          "scoped session context")

    check("scope.therapy" not in [p.id for p in honcho.peers()], "scopes are not listed as peers")
    for ask in (lambda: alice.chat("what is the plan?", scope="therapy"),
                lambda: alice.representation(scope=["therapy", "work"])):
        try:
            ask()
            check(False, "scoped chat and representation should fail with 501 as unscoped ones do")
        except APIError as exc:
            check(exc.status == 501 and "Rosetta" in str(exc), f"scoped LLM route: {exc}")

    therapy.remove_session(inside)
    check([s.id for s in therapy.sessions()] == ["scoped-new"], "remove_session")
    check([m.session_id for m in honcho.search("secret", scope=therapy)] == ["scoped-new"], "removed session left the search")
    check("scoped-in" not in therapy.status(), "status cleared for the removed session")


def main():
    honcho = Honcho(base_url=os.environ["HONCHO_URL"], workspace_id=WORKSPACE)

    honcho.set_metadata({"env": "test", "n": 1})
    check(honcho.get_metadata() == {"env": "test", "n": 1}, "workspace metadata round trip")

    alice = honcho.peer("alice", metadata={"tier": "pro"})
    bob = honcho.peer("bob")
    check(alice.get_metadata() == {"tier": "pro"}, "peer metadata")
    alice.set_metadata({"tier": "free"})
    check(honcho.peer("alice").get_metadata() == {"tier": "free"}, "peer metadata update")

    session = honcho.session("support-1", metadata={"topic": "billing"})
    session.add_peers([alice, (bob, SessionPeerConfig(observe_me=False))])
    check(sorted(p.id for p in session.peers()) == ["alice", "bob"], "session peers after add")
    check(session.get_peer_configuration(bob).observe_me is False, "peer config from add")
    session.set_peer_configuration(alice, SessionPeerConfig(observe_others=True))
    check(session.get_peer_configuration(alice).observe_others is True, "peer config set")

    when = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=timezone.utc)
    first = session.add_messages([
        alice.message("my invoice is wrong", metadata={"k": 1}, created_at=when),
        bob.message("let me check that for you"),
    ])
    check([m.content for m in first] == ["my invoice is wrong", "let me check that for you"], "add returns messages")
    check(first[0].token_count > 0 and first[0].peer_id == "alice", "token count and author")
    check(first[0].created_at == when, f"client created_at kept: {first[0].created_at}")

    batch = [alice.message(f"line {i}", metadata={"i": i}) for i in range(100)]
    session.add_messages(batch)
    session.add_messages([bob.message(f"tail {i}") for i in range(20)])

    everything = list(session.messages(size=50))
    check(len(everything) == 122, f"auto-pagination over 3 pages gave {len(everything)}")
    check(everything[0].content == "my invoice is wrong" and everything[-1].content == "tail 19", "order")
    newest = list(session.messages(size=50, reverse=True))
    check([m.content for m in newest] == [m.content for m in reversed(everything)], "reverse order")
    only_bob = list(session.messages(filters={"peer_id": "bob"}))
    check(len(only_bob) == 21, f"filter by peer gave {len(only_bob)}")
    big_i = list(session.messages(filters={"metadata": {"i": {"gte": 95}}}))
    check([m.content for m in big_i] == [f"line {i}" for i in range(95, 100)], "metadata comparison filter")

    target = everything[0]
    session.update_message(target, {"reviewed": True})
    check(session.get_message(target.id).metadata == {"reviewed": True}, "message metadata update")

    session.set_metadata({"topic": "refunds"})
    check(honcho.session("support-1").get_metadata() == {"topic": "refunds"}, "session metadata update")

    hits = session.search("invoice")
    check([m.content for m in hits] == ["my invoice is wrong"], f"session search: {hits}")
    check(any(m.content == "let me check that for you" for m in bob.search("check")), "peer search")
    check(any(m.session_id == "support-1" for m in honcho.search("invoice")), "workspace search")

    context = session.context(tokens=20)
    check(0 < len(context.messages) < 122 and context.messages[-1].content == "tail 19", "context within budget")
    summaries = session.summaries()
    check(summaries.short_summary is None and summaries.long_summary is None, "summaries empty")

    alice.set_card(["likes tea", "lives in Lyon"])
    check(alice.get_card() == ["likes tea", "lives in Lyon"], "peer card round trip")

    session.set_peers([bob])
    check([p.id for p in session.peers()] == ["bob"], "set_peers replaces membership")
    session.remove_peers([bob])
    check(session.peers() == [], "remove_peers")

    check(WORKSPACE in list(honcho.workspaces()), "workspace listed")
    status = honcho.queue_status()
    check(status.pending_work_units == 0, "queue status")

    upload_flow(honcho, alice, bob, when)
    scopes_flow(honcho, alice, bob)

    try:
        alice.chat("what does alice like?")
        check(False, "peer chat should fail with 501")
    except APIError as exc:
        check(exc.status == 501 and "Rosetta" in str(exc), f"chat error: {exc}")

    clone = session.clone()
    check(len(list(clone.messages())) == 122, "clone copies messages")

    session.delete()
    check("support-1" not in [s.id for s in honcho.sessions()], "deleted session is gone")
    print(json.dumps({"messages": len(everything), "clone": clone.id}))


if __name__ == "__main__":
    main()
