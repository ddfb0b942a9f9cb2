"""OpenAI's request bodies as schema trees, field for field from its OpenAPI types (the
Assistants v2 and Conversations schemas; limits as the spec states them)."""

from __future__ import annotations

from adapters.openai_threads.schema import Arr, Bool, Either, Metadata, Num, Obj, Str, Tagged

MAX_CONTENT = 256_000
NAME = r"[a-zA-Z0-9_-]+"
DETAIL = Str(enum=("auto", "low", "high"))
ANY_OBJECT = Obj(open=True)  # a JSON Schema, function parameters: any object
IDS = Arr(Str())

# Message content parts (MessageContentImageFileObject, ...ImageUrlObject, MessageRequestContentTextObject).
PART = Tagged({
    "image_file": Obj({"image_file": Obj({"file_id": Str(), "detail": DETAIL}, ("file_id",))}, ("image_file",)),
    "image_url": Obj({"image_url": Obj({"url": Str(), "detail": DETAIL}, ("url",))}, ("image_url",)),
    "text": Obj({"text": Str()}, ("text",)),
})
CONTENT = Either((Str(max_length=MAX_CONTENT), Arr(PART, min_items=1)), "one of a string or array of objects")
ATTACHMENT = Obj({
    "file_id": Str(),
    "tools": Arr(Tagged({"code_interpreter": Obj(), "file_search": Obj()})),
}, ("file_id",))
MESSAGE = Obj({
    "role": Str(enum=("user", "assistant")),
    "content": CONTENT,
    "attachments": Arr(ATTACHMENT),
    "metadata": Metadata(),
}, ("role", "content"))

CHUNKING = Tagged({
    "auto": Obj(),
    "static": Obj({"static": Obj({
        "max_chunk_size_tokens": Num(100, 4096, integer=True),
        "chunk_overlap_tokens": Num(integer=True),
    }, ("max_chunk_size_tokens", "chunk_overlap_tokens"))}, ("static",)),
})
VECTOR_STORE = Obj({"file_ids": IDS, "chunking_strategy": CHUNKING, "metadata": Metadata()})


def tool_resources(create: bool) -> Obj:
    """code_interpreter.file_ids (≤ 20) and file_search.vector_store_ids (≤ 1); a create may
    also ask for a vector store to be made (``vector_stores``, ≤ 1)."""
    search = {"vector_store_ids": Arr(Str(), max_items=1)}
    if create:
        search["vector_stores"] = Arr(VECTOR_STORE, max_items=1)
    return Obj({"code_interpreter": Obj({"file_ids": Arr(Str(), max_items=20)}), "file_search": Obj(search)})


TOOL = Tagged({
    "code_interpreter": Obj(),
    "function": Obj({"function": Obj({
        "name": Str(max_length=64, pattern=NAME),
        "description": Str(),
        "parameters": ANY_OBJECT,
        "strict": Bool(),
    }, ("name",))}, ("function",)),
    "file_search": Obj({"file_search": Obj({
        "max_num_results": Num(1, 50, integer=True),
        "ranking_options": Obj({"ranker": Str(enum=("auto", "default_2024_08_21")), "score_threshold": Num(0, 1)},
                               ("score_threshold",)),
    })}),
})
RESPONSE_FORMAT = Either((
    Str(enum=("auto",)),
    Tagged({
        "text": Obj(),
        "json_object": Obj(),
        "json_schema": Obj({"json_schema": Obj({
            "name": Str(max_length=64, pattern=NAME),
            "description": Str(),
            "schema": ANY_OBJECT,
            "strict": Bool(),
        }, ("name",))}, ("json_schema",)),
    }),
), "one of a string or an object")


def assistant(create: bool) -> Obj:
    return Obj({
        "model": Str(),
        "name": Str(max_length=256),
        "description": Str(max_length=512),
        "instructions": Str(max_length=MAX_CONTENT),
        "reasoning_effort": Str(enum=("none", "minimal", "low", "medium", "high", "xhigh", "max")),
        "tools": Arr(TOOL, max_items=128),
        "tool_resources": tool_resources(create),
        "metadata": Metadata(),
        "temperature": Num(0, 2),
        "top_p": Num(0, 1),
        "response_format": RESPONSE_FORMAT,
    }, ("model",) if create else ())


ASSISTANT_CREATE = assistant(create=True)
ASSISTANT_MODIFY = assistant(create=False)
THREAD_CREATE = Obj({"messages": Arr(MESSAGE, max_items=32), "metadata": Metadata(),
                     "tool_resources": tool_resources(create=True)})
THREAD_MODIFY = Obj({"metadata": Metadata(), "tool_resources": tool_resources(create=False)})
MESSAGE_MODIFY = Obj({"metadata": Metadata()})

# Conversations: message items (EasyInputMessage / InputMessage / OutputMessage) and their parts.
ITEM_PART = Tagged({
    "input_text": Obj({"text": Str()}, ("text",)),
    "output_text": Obj({"text": Str(), "annotations": Arr(ANY_OBJECT), "logprobs": Arr(ANY_OBJECT)}, ("text",)),
    "text": Obj({"text": Str()}, ("text",)),
    "input_image": Obj({"image_url": Str(), "file_id": Str(),
                        "detail": Str(enum=("low", "high", "auto", "original"))}),
})
ITEM = Tagged({"message": Obj({
    "role": Str(enum=("user", "assistant", "system", "developer")),
    "content": Either((Str(max_length=MAX_CONTENT), Arr(ITEM_PART)), "one of a string or array of objects"),
    "phase": Str(enum=("commentary", "final_answer")),
    "status": Str(enum=("in_progress", "completed", "incomplete")),
    "id": Str(),
}, ("content",))}, default="message")
ITEMS = Arr(ANY_OBJECT, max_items=20)  # each item is checked against ITEM by items.py, role first
CONVERSATION_CREATE = Obj({"items": ITEMS, "metadata": Metadata()})
CONVERSATION_UPDATE = Obj({"metadata": Metadata()})
ITEMS_CREATE = Obj({"items": ITEMS}, ("items",))
