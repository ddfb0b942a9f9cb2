"""Gateway settings: command-line flags override environment variables override defaults."""

from __future__ import annotations

import os

import msgspec

DEFAULT_MAX_BODY = 5 * 1024 * 1024


class Settings(msgspec.Struct, kw_only=True):
    host: str = "127.0.0.1"
    port: int = 8000
    db: str = "./rosetta.db"
    durability: str = "full"  # "full" (synchronous=FULL) or "fast" (synchronous=NORMAL)
    api_keys: dict[str, str] = {}  # key -> workspace name, or "*" for an admin key
    max_body_bytes: int = DEFAULT_MAX_BODY
    openai_require_beta: bool = False
    zep_max_content_chars: int = 14_000
    log_level: str = "info"
    log_format: str = "text"  # "text" or "json" (one JSON object per line)
    access_log: bool = False  # one line per request (`rosetta serve` turns it on at info/debug)
    metrics_dir: str | None = None  # several workers: where each leaves its metrics snapshot

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_keys)


LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
ASCII_SPACE = " \t\r\n\f\v"  # what is trimmed around a key: never Unicode spaces (NBSP, NEL)

# every ``rosetta serve`` flag and its environment variable (the flag wins)
ENV = {
    "host": "ROSETTA_HOST",
    "port": "ROSETTA_PORT",
    "db": "ROSETTA_DB",
    "durability": "ROSETTA_DURABILITY",
    "api_keys": "ROSETTA_API_KEYS",
    "max_body_bytes": "ROSETTA_MAX_BODY_BYTES",
    "log_level": "ROSETTA_LOG_LEVEL",
    "log_format": "ROSETTA_LOG_FORMAT",
}
LOG_FORMATS = ("text", "json")
CHOICES = {"durability": ("full", "fast"), "log_level": LOG_LEVELS, "log_format": LOG_FORMATS}


class BadSetting(ValueError):
    """A setting that cannot be used; the message names it (never a key's value)."""


class BadKeySpec(BadSetting):
    pass


def parse_keys(specs: list[str]) -> dict[str, str]:
    """["k1=ws1", "k2=*"] -> {"k1": "ws1", "k2": "*"}. Only ASCII whitespace is trimmed; a key
    outside printable ASCII could never match (an HTTP header cannot carry it), so it is
    refused here rather than accepted and never matched."""
    keys = {}
    for n, spec in enumerate(specs, 1):
        key, sep, workspace = spec.strip(ASCII_SPACE).partition("=")
        key, workspace = key.strip(ASCII_SPACE), workspace.strip(ASCII_SPACE)
        if not sep or not key or not workspace:
            raise BadKeySpec(f"API key spec {spec!r} is not KEY=WORKSPACE or KEY=*")
        if not all(" " <= c <= "~" for c in key):
            raise BadKeySpec(
                f"API key #{n} (for workspace {workspace!r}) has characters outside printable "
                "ASCII; an HTTP header cannot carry them, so it could never match"
            )
        keys[key] = workspace
    return keys


def from_env(environ: dict | None = None, **overrides) -> Settings:
    """Settings from ``ROSETTA_*`` variables (see ``ENV``), then ``overrides`` that are not
    None. A value that cannot be used raises ``BadSetting`` naming the variable."""
    env = os.environ if environ is None else environ
    values: dict = {}
    for field, var in ENV.items():
        text = env.get(var)
        if text:
            values[field] = _parse(field, var, text)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


def _parse(field: str, var: str, text: str):
    if field == "api_keys":
        return parse_keys(text.split(","))
    if field in ("port", "max_body_bytes"):
        try:
            number = int(text)
        except ValueError:
            raise BadSetting(f"{var}={text!r} is not a whole number") from None
        if field == "port" and not 0 <= number <= 65535:
            raise BadSetting(f"{var}={number} is not a port (0-65535)")
        return number
    if field in CHOICES and text not in CHOICES[field]:
        raise BadSetting(f"{var}={text!r} is not one of {', '.join(CHOICES[field])}")
    return text
