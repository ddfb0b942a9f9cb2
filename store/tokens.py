"""Token counts: tiktoken's o200k_base, loaded offline from the file vendored in this package.

The BPE file is checked against its published SHA-256 before use; nothing is ever downloaded.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

import tiktoken

O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"

# tiktoken's own split pattern for o200k_base (tiktoken_ext/openai_public.py).
O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
O200K_SPECIAL = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}


class BadTokenFile(RuntimeError):
    pass


def parse_ranks(data: bytes, expected_sha256: str) -> dict[bytes, int]:
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected_sha256:
        raise BadTokenFile(f"o200k_base file hash {digest} != {expected_sha256}")
    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@cache
def encoding() -> tiktoken.Encoding:
    data = resources.files("store").joinpath("data/o200k_base.tiktoken").read_bytes()
    return tiktoken.Encoding(
        name="o200k_base",
        pat_str=O200K_PATTERN,
        mergeable_ranks=parse_ranks(data, O200K_SHA256),
        special_tokens=O200K_SPECIAL,
    )


def strip_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


def count_tokens(text: str) -> int:
    """o200k_base tokens of the text with NUL bytes stripped; special tokens count as text."""
    if not text:
        return 0
    return len(encoding().encode_ordinary(strip_nul(text)))


def count_many(texts: list[str]) -> list[int]:
    """Counts for a batch. A plain loop: tiktoken's encode_ordinary_batch starts a thread pool
    per call, which costs more than it saves at these sizes."""
    encode = encoding().encode_ordinary
    return [len(encode(strip_nul(t))) if t else 0 for t in texts]
