"""Keyword ranking for ``documents/query``: Honcho embeds and orders by cosine distance;
Rosetta runs no embedding model, so documents are ranked by BM25 over casefolded words with
light English suffix stripping (lives/live, drinking/drink).
Only documents sharing a word with the query are returned (best first, then oldest first);
a query without words matches documents containing it as a substring."""

from __future__ import annotations

import math
import re
from collections import Counter

WORD = re.compile(r"\w+")
K1, B = 1.2, 0.75
SUFFIXES = ("ing", "ed", "s")


def stem(word: str) -> str:
    """Crude but symmetric: one of -ing/-ed/-s, then a final -e (live, lives, living -> liv)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def words(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall(text.casefold())]


def rank(documents: list[dict], query: str, top_k: int) -> list[dict]:
    terms = set(words(query))
    if not terms:
        needle = query.casefold()
        return [d for d in documents if needle in d["content"].casefold()][:top_k]
    bags = [Counter(words(d["content"])) for d in documents]
    average = sum(sum(b.values()) for b in bags) / len(bags) if bags else 0.0
    weight = {t: _idf(sum(1 for b in bags if t in b), len(bags)) for t in terms}
    scored = []
    for order, (doc, bag) in enumerate(zip(documents, bags)):
        length = sum(bag.values())
        score = sum(weight[t] * _saturate(bag[t], length, average) for t in terms if t in bag)
        if score > 0:
            scored.append((-score, order, doc))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [doc for _, _, doc in scored[:top_k]]


def _idf(frequency: int, total: int) -> float:
    return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


def _saturate(count: int, length: int, average: float) -> float:
    norm = 1 - B + B * (length / average if average else 1)
    return count * (K1 + 1) / (count + K1 * norm)
