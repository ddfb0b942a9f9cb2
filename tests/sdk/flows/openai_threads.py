"""Every thread/message flow of the openai Python SDK (1.x and 3.x), unchanged, against Rosetta.

Env: OPENAI_BASE_URL (…/v1), OPENAI_API_KEY. Exits non-zero on the first failed check.
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

import openai  # noqa: E402
from openai import OpenAI  # noqa: E402


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)


def text(message):
    return message.content[0].text.value


def main():
    client = OpenAI()
    threads = client.beta.threads

    assistant = client.beta.assistants.create(model="gpt-4o", name="helper", metadata={"team": "a"})
    check(assistant.id.startswith("asst_") and assistant.name == "helper", "assistant create")
    check(client.beta.assistants.retrieve(assistant.id).metadata == {"team": "a"}, "assistant retrieve")
    check(any(a.id == assistant.id for a in client.beta.assistants.list()), "assistant list")

    thread = threads.create(messages=[{"role": "user", "content": "first"},
                                      {"role": "assistant", "content": "second"}],
                            metadata={"customer": "42"})
    check(thread.id.startswith("thread_") and len(thread.id) == 31, f"thread id {thread.id}")
    check(threads.retrieve(thread.id).metadata == {"customer": "42"}, "thread retrieve")
    updated = threads.update(thread.id, metadata={"customer": "43"})
    check(updated.metadata == {"customer": "43"}, "thread update")

    for i in range(45):
        threads.messages.create(thread.id, role="user" if i % 2 else "assistant", content=f"m{i}", metadata={"i": str(i)})
    parts = threads.messages.create(thread.id, role="user", content=[
        {"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}])
    check(parts.content[1].type == "image_url" and parts.content[0].text.value == "look", "content parts kept")

    newest_first = list(threads.messages.list(thread.id, limit=10))
    check(len(newest_first) == 48, f"auto-pagination desc gave {len(newest_first)}")
    check(text(newest_first[1]) == "m44" and text(newest_first[-1]) == "first", "desc order")
    oldest_first = list(threads.messages.list(thread.id, limit=7, order="asc"))
    check([m.id for m in oldest_first] == [m.id for m in reversed(newest_first)], "asc order is the reverse")
    page = threads.messages.list(thread.id, limit=5, order="asc")
    check(page.has_more is True and len(page.data) == 5, "first page has_more")
    check([m.role for m in oldest_first[:4]] == ["user", "assistant", "assistant", "user"], "roles")

    target = oldest_first[2]
    got = threads.messages.retrieve(target.id, thread_id=thread.id)
    check(text(got) == "m0" and got.metadata == {"i": "0"}, "message retrieve")
    changed = threads.messages.update(target.id, thread_id=thread.id, metadata={"seen": "yes"})
    check(changed.metadata == {"seen": "yes"}, "message update")
    deleted = threads.messages.delete(target.id, thread_id=thread.id)
    check(deleted.deleted is True, "message delete")
    check(len(list(threads.messages.list(thread.id, limit=100))) == 47, "message gone")

    try:
        threads.messages.create(thread.id, role="system", content="x")
        check(False, "role system must fail")
    except openai.BadRequestError as exc:
        check(exc.code == "invalid_value" and exc.param == "role", f"bad role error {exc}")
    try:
        threads.retrieve("thread_doesnotexist")
        check(False, "unknown thread must fail")
    except openai.NotFoundError as exc:
        check("No thread found" in str(exc), f"not found error {exc}")
    try:
        threads.runs.create(thread.id, assistant_id=assistant.id)
        check(False, "runs must fail")
    except openai.APIStatusError as exc:
        check(exc.status_code == 501 and "Rosetta" in str(exc), f"runs error {exc}")

    check(threads.delete(thread.id).deleted is True, "thread delete")
    try:
        threads.retrieve(thread.id)
        check(False, "deleted thread must be gone")
    except openai.NotFoundError:
        pass
    client.beta.assistants.delete(assistant.id)
    keep = threads.create(messages=[{"role": "user", "content": "kept for the check"}])
    print(json.dumps({"version": openai.__version__, "thread": keep.id}))


if __name__ == "__main__":
    main()
