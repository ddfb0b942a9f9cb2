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


class BadKeySpec(ValueError):
    pass


def parse_keys(specs: list[str]) -> dict[str, str]:
    """["k1=ws1", "k2=*"] -> {"k1": "ws1", "k2": "*"}."""
    keys = {}
    for spec in specs:
        key, sep, workspace = spec.strip().partition("=")
        if not sep or not key or not workspace:
            raise BadKeySpec(f"API key spec {spec!r} is not KEY=WORKSPACE or KEY=*")
        keys[key] = workspace
    return keys


def from_env(environ: dict | None = None, **overrides) -> Settings:
    env = os.environ if environ is None else environ
    values: dict = {}
    if env.get("ROSETTA_DB"):
        values["db"] = env["ROSETTA_DB"]
    if env.get("ROSETTA_DURABILITY"):
        values["durability"] = env["ROSETTA_DURABILITY"]
    if env.get("ROSETTA_API_KEYS"):
        values["api_keys"] = parse_keys(env["ROSETTA_API_KEYS"].split(","))
    if env.get("ROSETTA_LOG_FORMAT"):
        values["log_format"] = env["ROSETTA_LOG_FORMAT"]
    if env.get("ROSETTA_MAX_BODY_BYTES"):
        values["max_body_bytes"] = int(env["ROSETTA_MAX_BODY_BYTES"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
