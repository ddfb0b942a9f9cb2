"""Every storage flow of honcho-ai 0.0.19 (docs/vendors.md, Honcho §3.3 v1-early table and §3.7: GET by
path id, session-level metamessages, chat/stream), unchanged, against Rosetta.

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
    app = honcho.apps.get_or_create(APP)
    check(honcho.apps.get(app.id).name == APP, "app get by path id")
    check(honcho.apps.get_by_name(APP).id == app.id, "app by name")
    honcho.apps.update(app.id, metadata={"gen": "early"})
    check(honcho.apps.get(app.id).metadata == {"gen": "early"}, "app metadata update")
    user = honcho.apps.users.create(app.id, name="alice", metadata={"tier": "pro"})
    try:
        honcho.apps.users.create(app.id, name="alice")
        check(False, "duplicate user should be 409")
    except ConflictError as exc:
        check(exc.status_code == 409, f"409: {exc}")
    check(honcho.apps.users.get(user.id, app_id=app.id).name == "alice", "user get by path id")
    check(honcho.apps.users.get_or_create("alice", app_id=app.id).id == user.id, "user get_or_create")
    check([u.id for u in honcho.apps.users.list(app.id, filter={"tier": "pro"})] == [user.id], "users list")
    return app, user


def messages_flow(honcho, app, user):
    sessions = honcho.apps.users.sessions
    session = sessions.create(user.id, app_id=app.id, metadata={"channel": "web"})
    check(sessions.get(session.id, app_id=app.id, user_id=user.id).metadata == {"channel": "web"}, "session get by path id")
    msgs = sessions.messages
    hello = msgs.create(session.id, app_id=app.id, user_id=user.id, content="hello from 0.0.19", is_user=True)
    msgs.create(session.id, app_id=app.id, user_id=user.id, content="hi back", is_user=False)
    msgs.batch(session.id, app_id=app.id, user_id=user.id,
               messages=[{"content": f"n{i}", "is_user": True, "metadata": {"i": i}} for i in range(60)])
    first = msgs.list(session.id, app_id=app.id, user_id=user.id, size=25)
    check([m.content for m in first.items][:2] == ["hello from 0.0.19", "hi back"] and first.total == 62, "first page")
    everything = list(msgs.list(session.id, app_id=app.id, user_id=user.id, size=25))
    check(len(everything) == 50, f"auto-pagination stops after page 2, as on Honcho: {len(everything)}")
    check([m.content for m in msgs.list(session.id, app_id=app.id, user_id=user.id, filter={"i": 59})] == ["n59"], "filter")
    msgs.update(hello.id, app_id=app.id, user_id=user.id, session_id=session.id, metadata={"seen": True})
    check(msgs.get(hello.id, app_id=app.id, user_id=user.id, session_id=session.id).metadata == {"seen": True}, "message update")
    sessions.update(session.id, app_id=app.id, user_id=user.id, metadata={"channel": "sms"})
    return session, hello


def metamessages_flow(honcho, app, user, session, hello):
    meta = honcho.apps.users.sessions.metamessages
    made = meta.create(session.id, app_id=app.id, user_id=user.id, content="greets warmly",
                       message_id=hello.id, metamessage_type="thought", metadata={"w": 1})
    check(made.metamessage_type == "thought" and made.message_id == hello.id, f"metamessage create: {made}")
    listed = list(meta.list(session.id, app_id=app.id, user_id=user.id, metamessage_type="thought"))
    check([m.id for m in listed] == [made.id], "session-level list")
    got = meta.get(made.id, app_id=app.id, user_id=user.id, session_id=session.id, message_id=hello.id)
    check(got.content == "greets warmly", "metamessage get")
    meta.update(made.id, app_id=app.id, user_id=user.id, session_id=session.id, message_id=hello.id,
                metadata={"w": 2}, metamessage_type="insight")
    user_level = list(honcho.apps.users.metamessages.list(user.id, app_id=app.id, metamessage_type="insight"))
    check([m.metadata for m in user_level] == [{"w": 2}], "user-level list sees the update")


def collections_flow(honcho, app, user):
    cols = honcho.apps.users.collections
    col = cols.create(user.id, app_id=app.id, name="prefs")
    check(cols.get(col.id, app_id=app.id, user_id=user.id).name == "prefs", "collection get by path id")
    docs = cols.documents
    docs.create(col.id, app_id=app.id, user_id=user.id, content="prefers window seats")
    docs.create(col.id, app_id=app.id, user_id=user.id, content="allergic to peanuts")
    found = docs.query(col.id, app_id=app.id, user_id=user.id, query="peanut allergy")
    check([d.content for d in found] == ["allergic to peanuts"], f"keyword query: {found}")


def chat_flow(honcho, app, user, session):
    sessions = honcho.apps.users.sessions
    for call in (sessions.chat, sessions.stream):
        try:
            call(session.id, app_id=app.id, user_id=user.id, queries="what does alice like?")
            check(False, f"{call.__name__} should fail with 501")
        except InternalServerError as exc:
            check(exc.status_code == 501 and "Rosetta" in str(exc), f"{call.__name__}: {exc}")


def main():
    honcho = Honcho()  # HONCHO_BASE_URL
    app, user = apps_and_users(honcho)
    session, hello = messages_flow(honcho, app, user)
    metamessages_flow(honcho, app, user, session, hello)
    collections_flow(honcho, app, user)
    chat_flow(honcho, app, user, session)
    clone = honcho.apps.users.sessions.clone(session.id, app_id=app.id, user_id=user.id, deep_copy=True)
    check(clone.id != session.id, "clone")
    honcho.apps.users.sessions.delete(session.id, app_id=app.id, user_id=user.id)
    check(not honcho.apps.users.sessions.get(session.id, app_id=app.id, user_id=user.id).is_active, "soft delete")
    print(json.dumps({"app": app.id, "session": session.id, "clone": clone.id}))


if __name__ == "__main__":
    main()
