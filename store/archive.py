"""The export format: JSON Lines of canonical rows, versioned, with an end line that counts them.

    {"type":"header","format":"rosetta","version":1}
    {"type":"workspace", ...}   then peer, session, member, message, record, alias rows
    {"type":"end","counts":{"workspace":1,...}}

Rows reference their parents by name (workspace, session, peer) and carry canonical uids as
32-digit hex, times as stored (UTC text with microseconds), JSON fields as objects. A file
without its end line, or whose counts disagree, is truncated and is rejected.

Peer, session and message rows carry ``updated_at`` only when the record was updated; files
written before it existed import as they are (their records read as never updated, unless
they kept Zep's stamp in extras, which the import moves into ``updated_at``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Union

import msgspec

FORMAT = "rosetta"
VERSION = 1


class Header(msgspec.Struct, tag="header", tag_field="type"):
    format: str
    version: int


class WorkspaceRow(msgspec.Struct, tag="workspace", tag_field="type"):
    uid: str
    name: str
    metadata: dict
    configuration: dict
    extras: dict
    created_at: str


class PeerRow(msgspec.Struct, tag="peer", tag_field="type", omit_defaults=True):
    workspace: str
    uid: str
    name: str
    metadata: dict
    configuration: dict
    extras: dict
    role: str | None
    created_at: str
    updated_at: str | None = None
    enrolled: bool = True


class SessionRow(msgspec.Struct, tag="session", tag_field="type", omit_defaults=True):
    workspace: str
    uid: str
    name: str
    owner: str | None
    is_active: bool
    metadata: dict
    configuration: dict
    extras: dict
    created_at: str
    ended_at: str | None
    updated_at: str | None = None


class MemberRow(msgspec.Struct, tag="member", tag_field="type"):
    workspace: str
    session: str
    peer: str
    configuration: dict
    joined_at: str
    left_at: str | None


class MessageRow(msgspec.Struct, tag="message", tag_field="type", omit_defaults=True):
    workspace: str
    session: str
    uid: str
    seq: int
    role: str | None
    peer: str | None
    sender: str | None
    content: str
    metadata: dict
    extras: dict
    token_count: int
    created_at: str
    updated_at: str | None = None


class RecordRow(msgspec.Struct, tag="record", tag_field="type"):
    workspace: str
    kind: str
    uid: str
    parent: str
    body: dict


class AliasRow(msgspec.Struct, tag="alias", tag_field="type"):
    dialect: str
    kind: str
    external: str
    uid: str


class End(msgspec.Struct, tag="end", tag_field="type"):
    counts: dict[str, int]


Row = Union[WorkspaceRow, PeerRow, SessionRow, MemberRow, MessageRow, RecordRow, AliasRow]
Line = Union[Header, WorkspaceRow, PeerRow, SessionRow, MemberRow, MessageRow, RecordRow, AliasRow, End]
KINDS = ("workspace", "peer", "session", "member", "message", "record", "alias")


class BadArchive(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line


def kind_of(row: Row) -> str:
    return type(row).__struct_config__.tag


def only_workspace(rows: Iterable[Row], name: str) -> Iterator[Row]:
    """The rows of one workspace, with the aliases of its records (aliases come last)."""
    uids: set[str] = set()
    for row in rows:
        if isinstance(row, AliasRow):
            if row.uid in uids:
                yield row
            continue
        if (row.name if isinstance(row, WorkspaceRow) else row.workspace) == name:
            uid = getattr(row, "uid", None)
            if uid is not None:
                uids.add(uid)
            yield row


def encode_lines(rows: Iterable[Row]) -> Iterator[bytes]:
    """The file's lines (each ending in a newline) for these rows, header and end included."""
    encoder = msgspec.json.Encoder()
    counts = dict.fromkeys(KINDS, 0)
    yield encoder.encode(Header(format=FORMAT, version=VERSION)) + b"\n"
    for row in rows:
        counts[kind_of(row)] += 1
        yield encoder.encode(row) + b"\n"
    yield encoder.encode(End(counts=counts)) + b"\n"


def decode_lines(lines: Iterable[bytes]) -> list[Row]:
    """All rows of a whole, valid file; BadArchive (with the line number) otherwise."""
    rows: list[Row] = []
    _scan(lines, rows.append)
    return rows


def check_lines(lines: Iterable[bytes]) -> int:
    """Validate a whole file in one pass, keeping no rows (memory independent of its size);
    the number of rows. BadArchive (with the line number) otherwise."""
    return sum(_scan(lines, None).values())


def read_rows(lines: Iterable[bytes]) -> Iterator[Row]:
    """The rows of a file, decoded as they are read: the second pass over a file that
    ``check_lines`` accepted. A line that no longer decodes raises BadArchive."""
    decoder = msgspec.json.Decoder(Line)
    for number, raw in enumerate(lines, start=1):
        try:
            line = decoder.decode(raw)
        except msgspec.DecodeError as exc:
            raise BadArchive(number, str(exc)) from exc
        if not isinstance(line, (Header, End)):
            yield line


def _scan(lines: Iterable[bytes], keep) -> dict[str, int]:
    """Decode and check every line, handing each row to ``keep`` (when given); per-kind counts."""
    decoder = msgspec.json.Decoder(Line)
    counted = dict.fromkeys(KINDS, 0)
    end: End | None = None
    number = 0
    for number, raw in enumerate(lines, start=1):
        if end is not None:
            raise BadArchive(number, "data after the end line")
        try:
            line = decoder.decode(raw)
        except msgspec.DecodeError as exc:
            raise BadArchive(number, str(exc)) from exc
        end = _check_line(number, line)
        if end is None and number > 1:
            counted[kind_of(line)] += 1
            if keep is not None:
                keep(line)
    if number == 0:
        raise BadArchive(1, "empty file")
    if end is None:
        raise BadArchive(number, "truncated: no end line")
    if counted != {k: end.counts.get(k, 0) for k in KINDS}:
        raise BadArchive(number, f"truncated: end line counts {end.counts}, file has {counted}")
    return counted


def _check_line(number: int, line) -> End | None:
    if number == 1:
        if not isinstance(line, Header) or line.format != FORMAT:
            raise BadArchive(1, "not a Rosetta export (no header line)")
        if line.version != VERSION:
            raise BadArchive(1, f"unsupported version {line.version} (this Rosetta reads {VERSION})")
        return None
    if isinstance(line, Header):
        raise BadArchive(number, "a second header line")
    if isinstance(line, End):
        return line
    return None
