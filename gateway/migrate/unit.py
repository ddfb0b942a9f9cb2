"""What a source or a target hands the runner: units of work (a workspace's own records, or one
session), listing counts for the progress bar, and failures found while listing."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import NamedTuple

import msgspec

from gateway.migrate.client import VendorError
from store.errors import Conflict


class Unplaced(Exception):
    """A record that hangs off another one the store does not hold (its unit failed): the
    record's unit fails too, so that a resume copies both."""


FAILURES = (VendorError, msgspec.ValidationError, sqlite3.IntegrityError, Conflict, Unplaced)


class Unit(NamedTuple):
    key: str  # its checkpoint key
    label: str  # how the report names it
    work: Callable[[], AsyncIterator]  # a source's batches of rows; a target's progress counts
    session: bool = True  # counted on the progress bar


class Listed(NamedTuple):
    count: int  # sessions found


class Failure(NamedTuple):
    what: str
    reason: str


def reason(exc: BaseException) -> str:
    if isinstance(exc, sqlite3.IntegrityError) or (isinstance(exc, Conflict) and exc.kind == "uid"):
        return (f"the store already holds a record with this vendor id elsewhere ({exc}); was "
                "the account migrated before under another workspace name?")
    return str(exc)


async def guarded(what: str, items: AsyncIterator) -> AsyncIterator:
    """The items, then a Failure instead of the error when listing them fails."""
    try:
        async for item in items:
            yield item
    except FAILURES as exc:
        yield Failure(what, reason(exc))
