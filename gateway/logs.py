"""Logging set-up for ``rosetta serve``: plain lines, or one JSON object per line (``--log-format
json``) for the gateway's own lines and uvicorn's alike. The access log (gateway.access_log)
writes to the same stream in the same format. A line about a storage fault the store already
explains (``store.errors.Unavailable``, e.g. asyncpg's pool failing to reconnect to a database
that is down) is one line with that explanation, not a traceback."""

from __future__ import annotations

import logging
import time

import msgspec

from store.errors import Unavailable

LEVELS = ("critical", "error", "warning", "info", "debug")
FORMATS = ("text", "json")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                    + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return msgspec.json.encode(entry).decode()


class StorageFaultsInOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, Unavailable):
            record.msg, record.args = f"{record.getMessage()}: {exc}", None
            record.exc_info = record.exc_text = None
        return True


def configure(level: str, fmt: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if fmt == "json" else logging.Formatter("%(message)s"))
    handler.addFilter(StorageFaultsInOneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):  # uvicorn's own lines in the same format
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


def uvicorn_config() -> dict:
    """uvicorn's ``log_config``: keep ours (set up by ``configure``) instead of its own."""
    return {"version": 1, "disable_existing_loggers": False}


def access_on(level: str, wanted: str) -> bool:
    """``wanted`` "on"/"off" (flag or ROSETTA_ACCESS_LOG); the access log is info-level detail,
    so it is written only at log level info and debug."""
    return wanted.lower() not in ("off", "0", "false", "no") and LEVELS.index(level) >= LEVELS.index("info")
