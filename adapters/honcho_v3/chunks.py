"""An uploaded file's text split into messages exactly as Honcho's ``split_text_into_chunks``
(src/utils/files.py) does, at ``MAX_MESSAGE_SIZE`` characters (code points) a chunk."""

from __future__ import annotations

MAX_CHARS = 25_000  # Honcho's settings.MAX_MESSAGE_SIZE, the upload route's chunk size
DELIMITERS = ("\n\n", "\n", ". ", " ")  # paragraph, line, sentence, word


def split(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Chunks of at most ``max_chars``, each cut after the last paragraph break in its window,
    else the last line break, sentence end or space, else at the window's end. Text that fits
    (the empty text too) is one chunk. Joined, the chunks are the text."""
    if len(text) <= max_chars:
        return [text]
    chunks: list[str] = []
    start = 0
    while start < len(text):
        end = start + max_chars
        if end >= len(text):
            chunks.append(text[start:])
            break
        cut = _cut(text, start, end)
        chunks.append(text[start:cut])
        start = cut
    return chunks


def _cut(text: str, start: int, end: int) -> int:
    """Where the chunk starting at ``start`` ends: just after the best delimiter wholly inside
    ``text[start:end]`` that does not begin at ``start`` itself, else ``end``."""
    for delimiter in DELIMITERS:
        found = text.rfind(delimiter, start, end)
        if found > start:
            return found + len(delimiter)
    return end
