"""OpenAI threads and conversations -> store: ids from --thread-ids, cursor pages, ids intact."""

from __future__ import annotations

import respx

from tests.migrate.conftest import dialect, migrate, read
from tests.migrate.vendors.openai import OpenAI

URL = "https://openai.test"
IMAGE = [{"type": "text", "text": {"value": "see this", "annotations": []}},
         {"type": "image_file", "image_file": {"file_id": "file-abc", "detail": "low"}}]
CITED = [{"type": "text", "text": {"value": "as the manual says【4:0†source】", "annotations": [
    {"type": "file_citation", "text": "【4:0†source】", "file_citation": {"file_id": "file-m"},
     "start_index": 16, "end_index": 28}]}}]


def ran(vendor: OpenAI, i: int) -> dict:
    """A run's message: completed a few seconds after it was created, or cut short."""
    if i % 50 == 49:
        return {"status": "incomplete", "incomplete_details": {"reason": "max_tokens"},
                "incomplete_at": vendor.clock + 9}
    return {"status": "completed", "completed_at": vendor.clock + 3 if i % 3 else vendor.clock}


def account() -> tuple[OpenAI, list[str]]:
    vendor = OpenAI(URL)
    long = vendor.thread({"customer": "42"}, {"code_interpreter": {"file_ids": ["file-x"]}})["id"]
    for i in range(250):
        if i % 2:
            vendor.message(long, "assistant", f"answer {i}", assistant_id="asst_abc", run_id=f"run_{i}",
                           **ran(vendor, i))
        else:
            vendor.message(long, "user", f"question {i}", metadata={"i": str(i)})
    parts = vendor.thread()["id"]
    vendor.message(parts, "user", IMAGE, attachments=[{"file_id": "file-a", "tools": [{"type": "file_search"}]}])
    vendor.message(parts, "assistant", CITED, assistant_id="asst_abc")
    conv = vendor.conversation([
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello"}]},
        {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"},
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "be brief"}]},
        {"type": "message", "role": "assistant", "content": [
            {"type": "output_text", "text": "hi!", "annotations": [], "logprobs": []}]},
        {"type": "message", "role": "assistant", "status": "incomplete", "content": [
            {"type": "output_text", "text": "cut sh", "annotations": [], "logprobs": []}]},
    ], {"topic": "demo"})["id"]
    return vendor, [long, parts, conv]


def run(vendor: OpenAI, db: str, ids: list[str], tmp_path, *extra: str) -> int:
    listing = tmp_path / "threads.txt"
    listing.write_text("# exported from our app\n" + "\n".join(ids) + "\n\n")
    with respx.mock(assert_all_called=False) as router:
        vendor.mount(router)
        return migrate(db, "--from", "openai", "--url", URL + "/v1", "--key", vendor.key,
                       "--thread-ids", str(listing), *extra)


def test_threads_and_conversations_keep_their_ids(db, tmp_path, capsys):
    vendor, (long, parts, conv) = account()
    assert run(vendor, db, [long, parts, conv], tmp_path) == 0
    assert "copied: 1 workspace, 1 peer, 3 sessions, 2 members, 256 messages" in capsys.readouterr().out
    assert vendor.faults.count(r"/threads/.*/messages$") == 3 + 1
    wanted = vendor.threads[long]["messages"]
    with dialect(db) as client:
        data, after = [], None
        while True:
            page = client.get(f"/v1/threads/{long}/messages", params={"order": "asc", "limit": 100,
                                                                     **({"after": after} if after else {})}).json()
            data += page["data"]
            if not page["has_more"]:
                break
            after = page["last_id"]
        assert data == wanted  # every field, status and its times included
        assert {m["status"] for m in data} == {None, "completed", "incomplete"}
        one = client.get(f"/v1/threads/{long}/messages/{wanted[77]['id']}").json()
        assert (one["id"], one["content"][0]["text"]["value"]) == (wanted[77]["id"], "answer 77")
        thread = client.get(f"/v1/threads/{long}").json()
        assert thread == vendor.threads[long]["row"]
        shown = client.get(f"/v1/threads/{parts}/messages", params={"order": "asc"}).json()["data"]
        assert [m["content"] for m in shown] == [IMAGE, CITED]
        assert shown[0]["attachments"] == [{"file_id": "file-a", "tools": [{"type": "file_search"}]}]
        items = client.get(f"/v1/conversations/{conv}/items", params={"order": "asc"}).json()["data"]
        messages = [i for i in vendor.conversations[conv]["items"] if i["type"] == "message"]
        assert items == messages
        assert [i["status"] for i in items] == ["completed", "completed", "completed", "incomplete"]
        assert client.get(f"/v1/conversations/{conv}/items/{messages[1]['id']}").json()["role"] == "developer"
        assert client.get(f"/v1/conversations/{conv}").json()["metadata"] == {"topic": "demo"}
        # other dialects see the same sessions as text, authored as docs/contract.md §3 says
        zep = client.get(f"/api/v2/sessions/{long}/messages", params={"limit": 2, "cursor": 1}).json()
        assert [(m["role_type"], m["role"], m["content"]) for m in zep["messages"]] == [
            ("user", "user", "question 0"), ("assistant", "asst_abc", "answer 1")]

    async def check(store):
        uid = await store.resolve_alias("openai", "message", messages[0]["id"])
        assert (await store.get_message("default", uid)).content == "hello"
        assert (await store.get_peer("default", "asst_abc")).role == "assistant"
    read(db, check)


def test_a_missing_thread_fails_alone_and_workspace_is_chosen(db, tmp_path, capsys):
    vendor, (long, parts, _) = account()
    assert run(vendor, db, ["thread_doesnotexist00000000", parts], tmp_path, "--workspace", "team") == 1
    out = capsys.readouterr().out
    assert "thread thread_doesnotexist00000000: GET /v1/threads/thread_doesnotexist00000000: HTTP 404: " \
           "No thread found with id 'thread_doesnotexist00000000'." in out
    assert read(db, lambda s: s.get_session("team", parts)) is not None
    assert read(db, lambda s: s.get_workspace("default")) is None


def test_the_beta_header_and_key_are_sent(db, tmp_path, capsys):
    vendor, (_, parts, _) = account()
    assert run(vendor, db, [parts], tmp_path) == 0
    sent = vendor.faults.seen[0]
    assert sent.headers["authorization"] == "Bearer sk-test"
    assert sent.headers["openai-beta"] == "assistants=v2"


def test_thread_ids_are_required(db, capsys):
    assert migrate(db, "--from", "openai", "--url", URL) == 2
    assert "--thread-ids" in capsys.readouterr().err
