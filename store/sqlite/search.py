"""Message search: index lookups over ``messages_words`` and ``messages_grams`` (see ``fts``),
each bounded by its limit. Runs on a reader thread (``pool``), in one read transaction.

What a search returns (``Store.search_messages``):

1. A query without punctuation matches messages holding every one of its words, stemmed
   (porter: "cats" finds "cat", "running" finds "runs"), in any order, best BM25 first, then
   newest. Only the newest ``CANDIDATES`` matches (at least 4x the limit) are ranked: a common
   word no longer scores every message that holds it.
2. When that finds fewer than the limit (or the query has punctuation), the rest are substring
   matches of the whole query, case-insensitive, newest first (by ``created_at`` among the
   newest ``CANDIDATES`` matches written). A query of three characters or more is looked up in
   the trigram index (see ``_grams``), so a phrase is matched as a phrase, and in the messages
   not in that index yet (its tail: ``fts.tail``), read directly; a shorter one is tested
   against the newest ``SHORT_SCAN`` messages in scope only.
3. An empty query returns the newest messages (last written first).

Scope: the workspace, and the sessions and peers a filter names at its top level (``session``
or ``peer``, ``eq`` or ``in``), are part of the index query itself; the rest of the filter is
applied to each candidate as it is read, newest first, until the query's bound is reached.
"""

from __future__ import annotations

import re

from store import rows
from store.fields import tables
from store.model import Message
from store.query import All, Cond, Filter
from store.sqlite.fts import code, tail
from store.sqlite.where import compile_filter

CANDIDATES = 64
RARE = 2000  # probes of a trigram's frequency stop counting here (see _grams)
WINDOW = 50000  # ... and count among this many newest messages
PROBES = 12  # at most this many of a long query's trigrams are probed
VERIFIED = 20000  # candidates a substring search reads at most
SHORT_SCAN = 5000
MAX_NAMED = 500  # more names than this in a scope are left to the SQL filter
_PUNCTUATION = re.compile(r"[^\w\s]")
_JOINS = {
    "s": " JOIN sessions s ON s.pk = m.session_pk",
    "w": " JOIN workspaces w ON w.pk = m.workspace_pk",
    "p": " LEFT JOIN peers p ON p.pk = m.peer_pk",
}


def search(conn, workspace: str, query: str, where: Filter | None, limit: int) -> list[Message]:
    found = conn.execute("SELECT pk FROM workspaces WHERE name = ?", (workspace,)).fetchone()
    if found is None or limit <= 0:
        return []
    named = _named(conn, found[0], where)
    if named is None:
        return []
    source = _Source(where, found[0], named)
    whole = f"w : {_quoted(code(found[0]))}"  # every message of the workspace
    named = _clause(named)
    query = query.strip()
    if not query:
        picked = [pk for pk, _ in source.candidates(conn, "messages_words", named or whole, limit)]
        return _messages(conn, picked)
    # the workspace token narrows nothing when this is the only workspace, and costs a step per match
    scope = named or ("" if _alone(conn, found[0]) else whole)
    picked = [] if _PUNCTUATION.search(query) else _ranked(conn, source, query, scope, limit)
    if len(picked) < limit:
        picked += _substrings(conn, source, query, scope, whole, limit - len(picked), set(picked))
    return _messages(conn, picked)


def _alone(conn, ws_pk: int) -> bool:
    return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM workspaces WHERE pk <> ?)", (ws_pk,)).fetchone()[0]


class _Source:
    """Candidates from one index, joined to the tables the filter reads, filter applied."""

    def __init__(self, where: Filter | None, ws_pk: int, named: list[tuple[str, list[int]]]):
        self.filter, self.params = compile_filter("message", where)
        self.joins = "".join(_JOINS[t] for t in ("s", "w", "p") if t in tables("message", where))
        # the scope as SQL, for reads of the table itself (the trigram tail)
        self.scope = "m.workspace_pk = ?" + "".join(
            f" AND m.{_COLUMNS[c]} IN ({', '.join('?' * len(pks))})" for c, pks in named)
        self.scope_params = [ws_pk, *(pk for _, pks in named for pk in pks)]

    def tail(self, conn, after: int, needle: str, bound: int) -> list[tuple]:
        """(pk, created_at) of the newest ``bound`` messages past pk ``after`` holding
        ``needle`` (casefolded), in scope and matching the filter."""
        return conn.execute(
            f"SELECT m.pk, m.created_at FROM messages m{self.joins} WHERE m.pk > ? AND {self.scope}"
            f" AND instr(casefold(m.content), ?) > 0 AND ({self.filter}) ORDER BY m.pk DESC LIMIT ?",
            [after, *self.scope_params, needle, *self.params, bound],
        ).fetchall()

    def candidates(self, conn, index: str, match: str, bound: int, extra: str = "") -> list[tuple]:
        """(pk, *extra) of the newest ``bound`` messages matching ``match`` and the filter."""
        return conn.execute(
            f"SELECT {index}.rowid, {extra or 'NULL'} FROM {index} JOIN messages m ON m.pk = {index}.rowid"
            f"{self.joins} WHERE {index} MATCH ? AND ({self.filter}) ORDER BY {index}.rowid DESC LIMIT ?",
            [match, *self.params, bound],
        ).fetchall()

    def stream(self, conn, index: str, match: str, extra: str):
        """Like ``candidates``, read lazily, at most VERIFIED rows."""
        return conn.execute(
            f"SELECT {index}.rowid, {extra} FROM {index} JOIN messages m ON m.pk = {index}.rowid"
            f"{self.joins} WHERE {index} MATCH ? AND ({self.filter}) ORDER BY {index}.rowid DESC LIMIT ?",
            [match, *self.params, VERIFIED],
        )


def _ranked(conn, source: _Source, query: str, scope: str, limit: int) -> list[int]:
    """The newest candidates holding every word, best first by ``_bm25``."""
    terms = " ".join(_quoted(term) for term in query.split())
    match = f"content : ({terms})" + (f" AND {scope}" if scope else "")
    found = source.candidates(conn, "messages_words", match, max(CANDIDATES, 4 * limit),
                              f"highlight(messages_words, 0, char({_MARK}), ''),"
                              " (SELECT sz FROM messages_words_docsize WHERE id = messages_words.rowid),"
                              " m.created_at")
    return [pk for pk, _ in _bm25(found)[:limit]]


_MARK, _K1, _B = 1, 1.2, 0.75


def _bm25(found: list[tuple]) -> list[tuple]:
    """(pk, score) best first (ties newest created first, as Honcho breaks them): BM25 over the candidates, from the matched
    tokens FTS5 marks in each text and its length in tokens (as FTS5 keeps it). FTS5's own ``bm25()`` first reads
    every match of each term in the whole index (its document frequency), which at a million
    messages costs more than the search; here every term weighs the same, which orders the
    candidates of a one-word query exactly as BM25 does."""
    if not found:
        return []
    marker = chr(_MARK)
    sized = [(pk, text.count(marker), _varint(sizes) or 1, created) for pk, text, sizes, created in found]
    average = sum(n for _, _, n, _ in sized) / len(sized)
    scored = [(pk, hits * (_K1 + 1) / (hits + _K1 * (1 - _B + _B * n / average)), created)
              for pk, hits, n, created in sized]
    scored.sort(key=lambda r: (r[1], r[2], r[0]), reverse=True)
    return [(pk, score) for pk, score, _ in scored]


def _varint(data: bytes) -> int:
    """The first of the SQLite varints in ``data`` (a docsize row: the content column's tokens)."""
    value = 0
    for byte in data[:9]:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    return value


def _substrings(conn, source: _Source, query: str, scope: str, whole: str, need: int,
                seen: set) -> list[int]:
    bound = max(CANDIDATES, need + len(seen))
    if len(query) >= 3:
        found = _grams(conn, source, query, scope, bound)
    else:
        found = _short(conn, source, query, scope or whole, bound)
    found.sort(key=lambda r: (r[1], r[0]), reverse=True)
    return [pk for pk, _ in found if pk not in seen][:need]


def _grams(conn, source: _Source, query: str, scope: str, bound: int) -> list[tuple]:
    """(pk, created_at) of the newest ``bound`` messages holding ``query``, from the trigram index.

    FTS5 answers a phrase by stepping through the doclist of its first token, so a rare string
    that starts with a common trigram ("geatgresfleang": "gea") costs as much as that trigram's
    every message; an AND of tokens instead seeks each doclist to the next common rowid, at the
    pace of the rarest. So the query's trigrams are probed (how many of the newest ``WINDOW``
    messages hold each, counted up to ``RARE``: a probe costs little however large the store);
    when one is rarer than that, the three rarest are ANDed, else (every trigram common) the
    phrase is, which FTS5 checks in place. Candidates come newest first and each is checked for
    the whole string, casefolded, until ``bound`` are found or ``VERIFIED`` were read. The
    messages past the index's highest pk (at most about ``fts.TAIL``, usually none) are read
    first, from the table."""
    grams = list(dict.fromkeys(query[i:i + 3] for i in range(len(query) - 2)))
    text = _quoted(query)  # a phrase of all its trigrams
    if len(grams) > 1:
        floor = conn.execute("SELECT coalesce(max(pk), 0) FROM messages").fetchone()[0] - WINDOW
        step = max(1, len(grams) // PROBES)
        probed = sorted((_frequency(conn, g, floor), g) for g in grams[::step])
        if probed[0][0] < RARE:
            text = "(" + " AND ".join(_quoted(g) for _, g in probed[:3]) + ")"
    match = f"content : {text}" + (f" AND {scope}" if scope else "")
    needle, after = query.casefold(), tail(conn)
    found = source.tail(conn, after, needle, bound)
    for pk, created, content in [] if len(found) >= bound else source.stream(conn, "messages_grams", match, "m.created_at, m.content"):
        if needle in content.casefold():
            found.append((pk, created))
            if len(found) >= bound:
                break
    return found


def _frequency(conn, gram: str, floor: int) -> int:
    """How many of the messages past pk ``floor`` hold ``gram``, counted up to RARE."""
    return conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM messages_grams WHERE messages_grams MATCH ?"
        " AND rowid > ? LIMIT ?)", (f"content : {_quoted(gram)}", floor, RARE)).fetchone()[0]


def _short(conn, source: _Source, query: str, scope: str, bound: int) -> list[tuple]:
    """Too short for a trigram: a substring test over the newest SHORT_SCAN messages in scope."""
    return conn.execute(
        f"SELECT m.pk, m.created_at FROM (SELECT rowid FROM messages_words WHERE messages_words"
        f" MATCH ? ORDER BY rowid DESC LIMIT ?) f JOIN messages m ON m.pk = f.rowid{source.joins}"
        f" WHERE instr(casefold(m.content), casefold(?)) > 0 AND ({source.filter})"
        " ORDER BY m.created_at DESC, m.pk DESC LIMIT ?",
        [scope, SHORT_SCAN, query, *source.params, bound],
    ).fetchall()


_COLUMNS = {"s": "session_pk", "p": "peer_pk"}


def _clause(named: list[tuple[str, list[int]]]) -> str:
    """The index query's clause for the sessions and peers ``_named`` found ("" for none)."""
    return " AND ".join(f"{column} : (" + " OR ".join(_quoted(code(pk)) for pk in pks) + ")"
                        for column, pks in named)


def _named(conn, ws_pk: int, where: Filter | None) -> list[tuple[str, list[int]]] | None:
    """(scope column, pks) of the sessions and peers the filter names, or None when a named
    session or peer does not exist."""
    clauses = []
    for cond in _conjuncts(where):
        if cond.field not in ("session", "peer") or cond.key is not None:
            continue
        names = [cond.value] if cond.op == "eq" else list(cond.value) if cond.op == "in" else None
        if names is None or None in names or len(names) > MAX_NAMED:
            continue
        if not names:
            return None
        table, column = ("sessions", "s") if cond.field == "session" else ("peers", "p")
        marks = ", ".join("?" * len(names))
        pks = [r[0] for r in conn.execute(
            f"SELECT pk FROM {table} WHERE workspace_pk = ? AND name IN ({marks})", [ws_pk, *names])]
        if not pks:
            return None
        clauses.append((column, pks))
    return clauses


def _conjuncts(where: Filter | None) -> list[Cond]:
    if isinstance(where, Cond):
        return [where]
    if isinstance(where, All):
        return [c for part in where.parts for c in _conjuncts(part)]
    return []


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _messages(conn, pks: list[int]) -> list[Message]:
    if not pks:
        return []
    marks = ", ".join("?" * len(pks))
    found = {r[-1]: r for r in conn.execute(
        f"SELECT {rows.MESSAGE_COLUMNS}, m.pk FROM {rows.MESSAGE_FROM} WHERE m.pk IN ({marks})", pks)}
    return [rows.message(found[pk]) for pk in pks if pk in found]
