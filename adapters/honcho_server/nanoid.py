"""Honcho's record ids: 21-character nanoids over the URL-safe alphabet."""

from __future__ import annotations

import os

from store.ids import ALPHABET

NANOID = ALPHABET + "_-"


def nanoid() -> str:
    return "".join(NANOID[b % 64] for b in os.urandom(21))
