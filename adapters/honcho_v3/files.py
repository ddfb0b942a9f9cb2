"""An uploaded file's text, as Honcho's FileProcessingService (src/utils/files.py) extracts it.

The part's own Content-Type picks the reader, compared as Honcho compares it (case and
parameters included): ``text/*`` is decoded as UTF-8, else UTF-16, else Latin-1;
``application/json`` must be UTF-8 and valid JSON, and is re-serialized compactly on one line.
Anything else is 415. Honcho reads PDFs with pdfplumber; Rosetta runs no PDF extractor, so a PDF
is 415 too, with a message saying what to send instead.
"""

from __future__ import annotations

import json
import re
import secrets

from adapters.honcho_v3 import wire
from adapters.honcho_server.errors import fail

MAX_FILE_SIZE = 5_242_880  # Honcho's settings.MAX_FILE_SIZE (5 MiB)
ENCODINGS = ("utf-8", "utf-16", "latin-1")  # Latin-1 decodes any bytes: text is never refused
SUPPORTED = "['TextProcessor', 'JSONProcessor']"  # Honcho's list, less the PDF reader
NO_PDF = ("Unsupported file type: application/pdf. Rosetta accepts text (text/*) and JSON "
          "(application/json) files; it runs no PDF text extractor. Extract the text and upload "
          "it as text/plain")
NANOID = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_size(size: int) -> None:
    if size > MAX_FILE_SIZE:
        raise fail(413, f"File size ({size} bytes) exceeds maximum allowed size ({MAX_FILE_SIZE} bytes)")


def text_of(upload: wire.Upload) -> str:
    kind = upload.content_type or ""
    if kind == "application/pdf":
        raise fail(415, NO_PDF)
    if kind.startswith("text/"):
        return _decoded(upload.content)
    if kind == "application/json":
        return _json_text(upload.content)
    raise fail(415, f"Unsupported file type: {upload.content_type}. Supported types: {SUPPORTED}")


def _decoded(content: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")


def _json_text(content: bytes) -> str:
    try:
        decoded = content.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(422, "JSON uploads must be UTF-8 encoded") from None
    if not decoded.strip():
        return ""
    try:
        data = json.loads(decoded)
    except (ValueError, RecursionError):  # Honcho 500s on the two its JSONDecodeError misses
        raise fail(422, "Uploaded JSON is invalid") from None
    return _escaped(json.dumps(data, ensure_ascii=False))


def _escaped(text: str) -> str:
    """``\\ud800`` read from JSON is a lone surrogate no store can hold; written back as its
    escape it stays valid JSON meaning the same thing (Honcho's Postgres write fails on it)."""
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def new_id() -> str:
    """A 21-character nanoid, the form of Honcho's ``file_id``."""
    return "".join(secrets.choice(NANOID) for _ in range(21))


def internal_metadata(upload: wire.Upload, file_id: str, index: int, total: int,
                      text_length: int, max_chars: int) -> dict:
    """What Honcho puts in a chunk's internal_metadata (never shown by its API), key for key;
    ``chunk_character_range`` is Honcho's nominal range, not the cut actually made."""
    return {
        "file_id": file_id,
        "filename": upload.filename,
        "chunk_index": index,
        "total_chunks": total,
        "original_file_size": upload.size,
        "content_type": upload.content_type,
        "chunk_character_range": [index * max_chars, min((index + 1) * max_chars, text_length)],
    }
