"""Conversations through the openai Python SDK (1.x and 3.x), unchanged, against Rosetta, and the
thread <-> conversation round trip over the one store.

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


def first_text(item):
    return item.content[0].text


def conversations_flow(client):
    convs = client.conversations
    conv = convs.create(items=[{"type": "message", "role": "user", "content": "hi there"},
                               {"type": "message", "role": "developer", "content": "be brief"}],
                        metadata={"topic": "demo"})
    check(conv.id.startswith("conv_") and conv.metadata == {"topic": "demo"}, f"create {conv}")
    check(convs.retrieve(conv.id).id == conv.id, "retrieve")
    check(convs.update(conv.id, metadata={"topic": "changed"}).metadata == {"topic": "changed"}, "update")

    added = convs.items.create(conv.id, items=[
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": f"a{i}"}]}
        for i in range(15)])
    check(len(added.data) == 15 and added.data[0].role == "assistant", "items create")
    newest = list(convs.items.list(conv.id, limit=4))
    check(len(newest) == 17 and first_text(newest[0]) == "a14" and first_text(newest[-1]) == "hi there",
          f"items desc paging {len(newest)}")
    oldest = list(convs.items.list(conv.id, limit=6, order="asc"))
    check([i.id for i in oldest] == [i.id for i in reversed(newest)], "items asc paging")
    check(oldest[1].role == "developer" and oldest[0].content[0].type == "input_text", "developer role, input_text")

    one = convs.items.retrieve(oldest[2].id, conversation_id=conv.id)
    check(first_text(one) == "a0" and one.content[0].type == "output_text", "item retrieve")
    after = convs.items.delete(oldest[2].id, conversation_id=conv.id)
    check(after.id == conv.id and after.object == "conversation", "item delete answers the conversation")
    check(len(list(convs.items.list(conv.id, limit=100))) == 16, "item gone")

    try:
        convs.items.create(conv.id, items=[{"type": "message", "role": "user", "content": "x"}] * 21)
        check(False, "21 items must fail")
    except openai.BadRequestError as exc:
        check(exc.param == "items", f"21 items error {exc}")
    try:
        convs.retrieve("conv_missing")
        check(False, "unknown conversation must fail")
    except openai.NotFoundError:
        pass
    check(convs.delete(conv.id).deleted is True, "delete")
    return conv.id


def round_trip(client):
    """A thread read and written as a conversation, and a conversation read as a thread."""
    threads, convs = client.beta.threads, client.conversations
    thread = threads.create(messages=[{"role": "user", "content": "from the thread"}], metadata={"k": "v"})
    as_conv = convs.retrieve(thread.id)
    check(as_conv.metadata == {"k": "v"}, "thread read as conversation")
    convs.items.create(thread.id, items=[{"type": "message", "role": "assistant", "content": "from the conversation"}])
    texts = [m.content[0].text.value for m in threads.messages.list(thread.id, order="asc")]
    check(texts == ["from the thread", "from the conversation"], f"conversation write read as thread {texts}")

    conv = convs.create(items=[{"type": "message", "role": "user", "content": "conv first"}])
    threads.messages.create(conv.id, role="assistant", content="thread reply")
    items = list(convs.items.list(conv.id, order="asc"))
    check([first_text(i) for i in items] == ["conv first", "thread reply"], "thread write read as conversation")
    check(items[1].role == "assistant" and items[1].content[0].type == "output_text", "assistant text is output_text")
    return thread.id


def main():
    client = OpenAI()
    conversations_flow(client)
    thread = round_trip(client)
    print(json.dumps({"version": openai.__version__, "thread": thread}))


if __name__ == "__main__":
    main()
