"""sessions-ordered, users-ordered and 3.x threads: every order_by, both directions, 1-based
pages, against many records whose expected order is worked out from how they were written."""

import random

import pytest


V2 = "/api/v2"
OWNERS = ["carol", "alice", "bob", None]  # None: a session made by POST memory, with no user


def made_sessions(c, count=26):
    """Sessions in a shuffled name order, some owners shared; then a few updated (Zep PATCH,
    end, Honcho v3 PUT). Returns (created, updated): names in creation and in update order."""
    for user in filter(None, OWNERS):
        assert c.post(f"{V2}/users", json={"user_id": user}).status_code == 201
    names = [f"s{n:02d}" for n in range(count)]
    random.Random(7).shuffle(names)
    owners = {}
    for i, name in enumerate(names):
        owners[name] = OWNERS[i % len(OWNERS)]
        if owners[name] is None:
            body = {"messages": [{"content": "hi", "role_type": "assistant"}]}
            assert c.post(f"{V2}/sessions/{name}/memory", json=body).status_code == 200
        else:
            body = {"session_id": name, "user_id": owners[name]}
            assert c.post(f"{V2}/sessions", json=body).status_code == 201
    updated = [names[5], names[0], names[7], names[2], names[3]]
    assert c.patch(f"{V2}/sessions/{updated[0]}", json={"metadata": {"n": 1}}).status_code == 200
    assert c.patch(f"{V2}/sessions/{updated[1]}", json={}).status_code == 200  # only bumps
    assert c.put(f"/v3/workspaces/default/sessions/{updated[2]}", json={"metadata": {"v3": 1}}).status_code == 200
    assert c.post(f"{V2}/sessions/{updated[3]}/end", json={}).status_code == 200
    assert c.patch(f"{V2}/sessions/{updated[4]}", json={"metadata": {"n": 2}}).status_code == 200
    return names, updated, owners


def expected_sessions(order, names, updated, owners):
    if order == "created_at":
        return list(names)
    if order == "updated_at":
        return [n for n in names if n not in updated] + updated
    if order == "session_id":
        return sorted(names)
    return sorted(names, key=lambda n: (owners[n] or "", names.index(n)))  # user_id


def listed(c, path, key, field):
    answer = c.get(path)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return [x[field] for x in body[key]], body


@pytest.mark.parametrize("order", ["created_at", "updated_at", "session_id", "user_id"])
@pytest.mark.parametrize("asc", [True, False])
def test_sessions_ordered_every_order_both_ways_and_paged(client, order, asc):
    names, updated, owners = made_sessions(client)
    whole = expected_sessions(order, names, updated, owners)
    whole = whole if asc else whole[::-1]
    flag = "&asc=true" if asc else ""
    everything, body = listed(client, f"{V2}/sessions-ordered?order_by={order}{flag}", "sessions", "session_id")
    assert everything == whole and (body["total_count"], body["response_count"]) == (26, 26)
    pages = []
    for number in range(1, 6):
        page, body = listed(client, f"{V2}/sessions-ordered?order_by={order}{flag}&page_size=7&page_number={number}",
                            "sessions", "session_id")
        assert (body["total_count"], body["response_count"]) == (26, len(page))
        pages.append(page)
    assert [len(p) for p in pages] == [7, 7, 7, 5, 0]
    assert sum(pages, []) == whole
    camel, _ = listed(client, f"{V2}/sessions-ordered?orderBy={order}{flag}&pageSize=7&pageNumber=2", "sessions", "session_id")
    assert camel == whole[7:14]


def test_sessions_ordered_defaults_and_hidden_sessions(client):
    names, updated, owners = made_sessions(client)
    newest_first, _ = listed(client, f"{V2}/sessions-ordered", "sessions", "session_id")
    assert newest_first == names[::-1]  # created_at, descending
    first_page, _ = listed(client, f"{V2}/sessions-ordered?page_size=5&page_number=0", "sessions", "session_id")
    assert first_page == names[::-1][:5]
    zero, _ = listed(client, f"{V2}/sessions-ordered?page_size=0&page_number=3", "sessions", "session_id")
    assert zero == names[::-1]  # a zero page size lists everything
    client.delete(f"/v3/workspaces/default/sessions/{names[3]}")
    client.portal.call(lambda: client.app.state.store.set_session_state("default", names[4], is_active=False))
    by_update, body = listed(client, f"{V2}/sessions-ordered?order_by=updated_at&asc=true", "sessions", "session_id")
    kept = [n for n in expected_sessions("updated_at", names, updated, owners) if n not in names[3:5]]
    assert names[3] in updated and names[4] not in updated
    assert by_update == kept and body["total_count"] == 24


def test_sessions_ordered_shows_the_updated_at_it_orders_by(client):
    names, updated, _ = made_sessions(client, count=8)
    sessions = client.get(f"{V2}/sessions-ordered?order_by=updated_at&asc=true").json()["sessions"]
    stamps = [s["updated_at"] for s in sessions]
    assert stamps == sorted(stamps)
    changed = [s["session_id"] for s in sessions if s["updated_at"] != s["created_at"]]
    assert changed == updated


@pytest.mark.parametrize("order, alias", [("created_at", None), ("updated_at", None),
                                          ("session_id", "thread_id"), ("user_id", None)])
@pytest.mark.parametrize("asc", [True, False])
def test_threads_list_every_order(client, order, alias, asc):
    names, updated, owners = made_sessions(client, count=12)
    whole = expected_sessions(order, names, updated, owners)
    whole = whole if asc else whole[::-1]
    flag = "&asc=true" if asc else ""
    page, body = listed(client, f"{V2}/threads?order_by={alias or order}{flag}&page_size=5&page_number=2",
                        "threads", "thread_id")
    assert page == whole[5:10] and (body["total_count"], body["response_count"]) == (12, 5)


EMAILS = [None, "m@x", "b@x", None, "m@x", "a@x", "z@x", "b@x", None, "c@x",
          "m@x", None, "a@x", "q@x", "d@x", None, "b@x", "e@x", "m@x", "f@x"]


def made_users(c):
    """Users in a shuffled id order with missing and shared emails; a few updated (Zep PATCH,
    an empty one, Honcho v3 PUT). Returns (created, updated, emails by user)."""
    ids = [f"user-{n:02d}" for n in range(len(EMAILS))]
    random.Random(3).shuffle(ids)
    emails = dict(zip(ids, EMAILS))
    for user in ids:
        body = {"user_id": user, **({"email": emails[user]} if emails[user] else {})}
        assert c.post(f"{V2}/users", json=body).status_code == 201
    updated = [ids[11], ids[2], ids[19]]
    assert c.patch(f"{V2}/users/{updated[0]}", json={"first_name": "Ann"}).status_code == 200
    assert c.patch(f"{V2}/users/{updated[1]}", json={}).status_code == 200
    assert c.put(f"/v3/workspaces/default/peers/{updated[2]}", json={"metadata": {"k": 1}}).status_code == 200
    return ids, updated, emails


def expected_users(order, ids, updated, emails):
    if order == "created_at":
        return list(ids)
    if order == "updated_at":
        return [u for u in ids if u not in updated] + updated
    if order == "user_id":
        return sorted(ids)
    return sorted(ids, key=lambda u: (emails[u] or "", ids.index(u)))  # email; none sorts first


@pytest.mark.parametrize("order", ["created_at", "updated_at", "user_id", "email"])
@pytest.mark.parametrize("asc", [True, False])
def test_users_ordered_every_order_both_ways_and_paged(client, order, asc):
    ids, updated, emails = made_users(client)
    whole = expected_users(order, ids, updated, emails)
    whole = whole if asc else whole[::-1]
    flag = "&asc=true" if asc else ""
    everyone, body = listed(client, f"{V2}/users-ordered?order_by={order}{flag}", "users", "user_id")
    assert everyone == whole and (body["total_count"], body["row_count"]) == (20, 20)
    pages = [listed(client, f"{V2}/users-ordered?order_by={order}{flag}&pageSize=6&pageNumber={n}",
                    "users", "user_id")[0] for n in range(1, 6)]
    assert [len(p) for p in pages] == [6, 6, 6, 2, 0]
    assert sum(pages, []) == whole


def test_users_ordered_search_then_order_and_page(client):
    ids, updated, emails = made_users(client)
    client.patch(f"{V2}/users/{ids[0]}", json={"last_name": "Emmerich"})
    hits = [u for u in ids if (emails[u] or "").startswith("m@")] + [ids[0]]  # "M" in email or last name
    ordered = sorted(hits, key=lambda u: (emails[u] or "", ids.index(u)))[::-1]
    found, body = listed(client, f"{V2}/users-ordered?search=M&order_by=email&pageSize=3&pageNumber=1", "users", "user_id")
    assert found == ordered[:3] and body["total_count"] == len(hits)
    found, _ = listed(client, f"{V2}/users-ordered?search=M&order_by=email&pageSize=3&pageNumber=2", "users", "user_id")
    assert found == ordered[3:6]
    by_id, body = listed(client, f"{V2}/users-ordered?search=USER-1&order_by=user_id&asc=true", "users", "user_id")
    assert by_id == sorted(u for u in ids if u.startswith("user-1")) and body["total_count"] == 10


def test_updated_at_moves_on_updates_only(client):
    user = client.post(f"{V2}/users", json={"user_id": "u", "email": "e@x", "metadata": {"a": 1}}).json()
    session = client.post(f"{V2}/sessions", json={"session_id": "s", "user_id": "u", "metadata": {"a": 1}}).json()
    assert user["updated_at"] == user["created_at"] and session["updated_at"] == session["created_at"]
    body = {"messages": [{"content": t, "role_type": "user"} for t in ("one", "two")]}
    client.post(f"{V2}/sessions/s/memory", json=body)
    assert client.get(f"{V2}/sessions/s").json() == session  # appending is not an update
    first, second = client.get(f"{V2}/sessions/s/messages").json()["messages"]
    assert first["updated_at"] == first["created_at"]

    touched = client.patch(f"{V2}/sessions/s", json={}).json()  # docs/vendors.md, Zep §6: only bumps updated_at
    assert touched["updated_at"] > session["updated_at"] and touched["metadata"] == {"a": 1}
    again = client.patch(f"{V2}/users/u", json={}).json()
    assert again["updated_at"] > user["updated_at"] and (again["metadata"], again["email"]) == ({"a": 1}, "e@x")
    patched = client.patch(f"{V2}/sessions/s/messages/{first['uuid']}", json={"metadata": {"k": 1}}).json()
    assert patched["updated_at"] > first["updated_at"]
    assert client.get(f"{V2}/sessions/s/messages/{second['uuid']}").json() == second
    ended = client.post(f"{V2}/sessions/s/end", json={}).json()["session"]
    assert ended["updated_at"] == ended["ended_at"] > touched["updated_at"]
