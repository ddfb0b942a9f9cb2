"""Every storage flow of honcho-ai 0.2.0 (docs/vendors.md, Honcho §3.7, server 1.1 routes), unchanged,
against Rosetta.

Run by tests/sdk/test_honcho_v1_sdk.py in the SDK's own venv. Env: HONCHO_BASE_URL, APP.
Prints a JSON summary on success; any failed check exits non-zero.
"""

import json
import os
import sys

from honcho import ConflictError, Honcho, InternalServerError

APP = os.environ["APP"]


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def apps_and_users(honcho):
    app = honcho.apps.create(name=APP, metadata={"env": "test"})
    check(len(app.id) == 22 and app.metadata == {"env": "test"}, f"app create: {app}")
    try:
        honcho.apps.create(name=APP)
        check(False, "duplicate app should be 409")
    except ConflictError as exc:
        check(exc.status_code == 409 and "already exists" in str(exc), f"409: {exc}")
    check(honcho.apps.get_or_create(APP).id == app.id, "get_or_create finds the app")
    check(honcho.apps.get(app_id=app.id).name == APP, "get by query id")
    check(honcho.apps.get_by_name(APP).id == app.id, "get by name")
    honcho.apps.update(app.id, metadata={"env": "prod"})
    check(honcho.apps.get(app_id=app.id).metadata == {"env": "prod"}, "app metadata update")
    check(app.id in [a.id for a in honcho.apps.list(filter={"env": "prod"})], "apps list with filter")

    alice = honcho.apps.users.create(app.id, name="alice", metadata={"tier": "pro"})
    bob = honcho.apps.users.get_or_create("bob", app_id=app.id)
    check(honcho.apps.users.get_or_create("bob", app_id=app.id).id == bob.id, "user get_or_create")
    check(honcho.apps.users.get(app.id, user_id=alice.id).name == "alice", "user get by query id")
    check(honcho.apps.users.get_by_name("alice", app_id=app.id).id == alice.id, "user by name")
    honcho.apps.users.update(alice.id, app_id=app.id, metadata={"tier": "free"})
    check(honcho.apps.users.get(app.id, user_id=alice.id).metadata == {"tier": "free"}, "user metadata update")
    check([u.name for u in honcho.apps.users.list(app.id, filter={"tier": "free"})] == ["alice"], "users list filter")
    return app, alice


def messages_flow(honcho, app, user):
    sessions = honcho.apps.users.sessions
    session = sessions.create(user.id, app_id=app.id, metadata={"topic": "billing"})
    check(session.is_active and session.user_id == user.id, f"session create: {session}")
    check(sessions.get(user.id, app_id=app.id, session_id=session.id).id == session.id, "session get")
    msgs = sessions.messages
    first = msgs.create(session.id, app_id=app.id, user_id=user.id, content="my invoice is wrong",
                        is_user=True, metadata={"k": 1})
    check(first.is_user and first.metadata == {"k": 1} and first.session_id == session.id, f"message create: {first}")
    for start in (0, 100):
        batch = msgs.batch(session.id, app_id=app.id, user_id=user.id, messages=[
            {"content": f"line {i}", "is_user": i % 2 == 0, "metadata": {"i": i}} for i in range(start, start + 100)])
        check([m.content for m in batch] == [f"line {i}" for i in range(start, start + 100)], "batch keeps order")
    pages = list(msgs.list(session.id, app_id=app.id, user_id=user.id, size=50).iter_pages())
    check([len(p.items) for p in pages] == [50, 50], "the SDK's auto-pagination stops after page 2 (as on Honcho)")
    walked = []
    for number in range(1, 6):
        walked += msgs.list(session.id, app_id=app.id, user_id=user.id, size=50, page=number).items
    check(len(walked) == 201 and walked[0].content == "my invoice is wrong" and walked[-1].content == "line 199", "explicit pages")
    newest = msgs.list(session.id, app_id=app.id, user_id=user.id, reverse=True, size=3).items
    check([m.content for m in newest] == ["line 199", "line 198", "line 197"], "reverse order")
    hits = list(msgs.list(session.id, app_id=app.id, user_id=user.id, filter={"i": 7}))
    check([m.content for m in hits] == ["line 7"], f"metadata filter: {hits}")
    msgs.update(first.id, app_id=app.id, user_id=user.id, session_id=session.id, metadata={"reviewed": True})
    check(msgs.get(first.id, app_id=app.id, user_id=user.id, session_id=session.id).metadata == {"reviewed": True}, "message update")
    sessions.update(session.id, app_id=app.id, user_id=user.id, metadata={"topic": "refunds"})
    check(sessions.get(user.id, app_id=app.id, session_id=session.id).metadata == {"topic": "refunds"}, "session update")
    return session, first


def metamessages_flow(honcho, app, user, session, first):
    meta = honcho.apps.users.metamessages
    made = meta.create(user.id, app_id=app.id, content="user is upset", metamessage_type="thought",
                       session_id=session.id, message_id=first.id, metadata={"w": 1})
    check(made.label == "thought" and made.message_id == first.id, f"metamessage create: {made}")
    loose = meta.create(user.id, app_id=app.id, content="likes tea", metamessage_type="fact")
    check(loose.session_id is None, "user-level metamessage")
    check([m.id for m in meta.list(user.id, app_id=app.id, metamessage_type="thought")] == [made.id], "list by type")
    check([m.id for m in meta.list(user.id, app_id=app.id, session_id=session.id)] == [made.id], "list by session")
    check(meta.get(loose.id, app_id=app.id, user_id=user.id).content == "likes tea", "metamessage get")
    meta.update(loose.id, app_id=app.id, user_id=user.id, metadata={"source": "chat"}, metamessage_type="preference")
    check(meta.get(loose.id, app_id=app.id, user_id=user.id).label == "preference", "metamessage update")


def collections_flow(honcho, app, user):
    cols = honcho.apps.users.collections
    facts = cols.create(user.id, app_id=app.id, name="facts", metadata={"v": 1})
    check(cols.get(user.id, app_id=app.id, collection_id=facts.id).name == "facts", "collection get")
    check(cols.get_by_name("facts", app_id=app.id, user_id=user.id).id == facts.id, "collection by name")
    cols.update(facts.id, app_id=app.id, user_id=user.id, name="notes")
    check([c.name for c in cols.list(user.id, app_id=app.id)] == ["notes"], "collection rename + list")
    docs = cols.documents
    tea = docs.create(facts.id, app_id=app.id, user_id=user.id, content="alice drinks green tea", metadata={"k": "habit"})
    docs.create(facts.id, app_id=app.id, user_id=user.id, content="alice lives in Lyon")
    found = docs.query(facts.id, app_id=app.id, user_id=user.id, query="where does alice live?", top_k=1)
    check([d.content for d in found] == ["alice lives in Lyon"], f"keyword query: {found}")
    check([d.id for d in docs.list(facts.id, app_id=app.id, user_id=user.id, filter={"k": "habit"})] == [tea.id], "documents list")
    docs.update(tea.id, app_id=app.id, user_id=user.id, collection_id=facts.id, metadata={"k": "drink"})
    check(docs.get(tea.id, app_id=app.id, user_id=user.id, collection_id=facts.id).metadata == {"k": "drink"}, "document update")
    docs.delete(tea.id, app_id=app.id, user_id=user.id, collection_id=facts.id)
    check(len(list(docs.list(facts.id, app_id=app.id, user_id=user.id))) == 1, "document delete")
    cols.delete(facts.id, app_id=app.id, user_id=user.id)
    check(list(cols.list(user.id, app_id=app.id)) == [], "collection delete")


def lifecycle_flow(honcho, app, user, session, first):
    sessions = honcho.apps.users.sessions
    try:
        sessions.chat(session.id, app_id=app.id, user_id=user.id, queries="what does alice want?")
        check(False, "chat should fail with 501")
    except InternalServerError as exc:
        check(exc.status_code == 501 and "Rosetta" in str(exc), f"chat error: {exc}")
    clone = sessions.clone(session.id, app_id=app.id, user_id=user.id, message_id=first.id, deep_copy=True)
    copied = list(sessions.messages.list(clone.id, app_id=app.id, user_id=user.id))
    check([m.content for m in copied] == ["my invoice is wrong"], "clone up to a message")
    copied_meta = list(honcho.apps.users.metamessages.list(user.id, app_id=app.id, session_id=clone.id))
    check([m.message_id for m in copied_meta] == [copied[0].id], "deep copy re-points metamessages")
    sessions.delete(session.id, app_id=app.id, user_id=user.id)
    check(sessions.get(user.id, app_id=app.id, session_id=session.id).is_active is False, "soft delete")
    active = [s.id for s in sessions.list(user.id, app_id=app.id, is_active=True)]
    check(active == [clone.id], f"active sessions: {active}")
    check(len(list(sessions.list(user.id, app_id=app.id))) == 2, "all sessions")
    return clone


def main():
    honcho = Honcho()  # HONCHO_BASE_URL, as a deployment would set it
    app, alice = apps_and_users(honcho)
    session, first = messages_flow(honcho, app, alice)
    metamessages_flow(honcho, app, alice, session, first)
    collections_flow(honcho, app, alice)
    clone = lifecycle_flow(honcho, app, alice, session, first)
    print(json.dumps({"app": app.id, "user": alice.id, "session": session.id, "clone": clone.id}))


if __name__ == "__main__":
    main()
