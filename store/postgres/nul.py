"""NUL in message content. PostgreSQL text cannot hold U+0000, which SQLite (and OpenAI) keep,
so content is stored escaped, reversibly: U+FFFE is the escape character, NUL is stored as
U+FFFE "0" and U+FFFE itself as U+FFFE U+FFFE. Content holding neither (nearly all of it) is
stored as is, and reading it back costs one ``in`` test."""

from __future__ import annotations

import re

ESCAPE = "\ufffe"
_ESCAPED = re.compile("\ufffe(.)", re.S)


def stored(content: str) -> str:
    if "\x00" not in content and ESCAPE not in content:
        return content
    return content.replace(ESCAPE, ESCAPE + ESCAPE).replace("\x00", ESCAPE + "0")


def read(content: str) -> str:
    if ESCAPE not in content:
        return content
    return _ESCAPED.sub(lambda m: "\x00" if m.group(1) == "0" else m.group(1), content)


def message(decode):
    """A message decoder (store/rows.py) that reads stored content back."""
    def decoded(row):
        m = decode(row)
        if ESCAPE in m.content:
            m.content = read(m.content)
        return m

    return decoded
