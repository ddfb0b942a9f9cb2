"""``rosetta migrate``: the command-line glue (arguments in, report out, exit status)."""

from __future__ import annotations

import asyncio
import os
import sys

SOURCES = ("honcho-v1", "honcho-v3", "zep", "openai")
TARGETS = ("honcho-v3", "zep")
KEY_ENV = "ROSETTA_MIGRATE_KEY"


def add_parser(commands) -> None:
    cmd = commands.add_parser(
        "migrate", help="copy a live vendor account into the store, or the store into one",
        description="Copy a whole vendor account (or --workspace) into the store (--from), or the "
                    "store into a vendor account (--to). Resumable and idempotent.")
    way = cmd.add_mutually_exclusive_group(required=True)
    way.add_argument("--from", dest="source", choices=SOURCES, help="vendor to copy from")
    way.add_argument("--to", dest="target", choices=TARGETS, help="vendor to copy the store into")
    cmd.add_argument("--url", required=True, help="the vendor's base URL (e.g. https://api.honcho.dev)")
    cmd.add_argument("--key", default=None, help=f"API key (default: env {KEY_ENV}; none: no auth header)")
    cmd.add_argument("--db", default=None, help="SQLite file (default ./rosetta.db, env ROSETTA_DB)")
    cmd.add_argument("--workspace", default=None,
                     help="Honcho: the one workspace (v1: app name) to copy; Zep/OpenAI: the store "
                          "workspace to fill (default 'default')")
    cmd.add_argument("--api", choices=("v2", "v4"), default="v2",
                     help="Zep: the API the account is read through (v4: zep-cloud 4.x's /api/v4)")
    cmd.add_argument("--thread-ids", default=None, metavar="FILE",
                     help="OpenAI: file of thread (or conv_) ids, one per line (there is no listing)")
    cmd.add_argument("--page-size", type=int, default=100, help="items per list call (default 100)")
    cmd.add_argument("--max-retries", type=int, default=6,
                     help="retries of a call answered 429 / 5xx / not at all (default 6)")
    cmd.add_argument("--restart", action="store_true", help="ignore the checkpoint of an earlier run")


def thread_ids(path: str | None) -> list[str]:
    if path is None:
        return []
    with open(path, encoding="utf-8") as lines:
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def options_of(args):
    from gateway.migrate.options import Options
    from gateway.settings import from_env

    vendor = args.source or args.target
    if args.api == "v4" and args.source == "zep":
        vendor = "zep-v4"  # a source of its own: other routes, shapes and paging
    return Options(
        vendor=vendor, push=args.target is not None, url=args.url,
        key=args.key or os.environ.get(KEY_ENV) or None, db=from_env(db=args.db).db,
        workspace=args.workspace, thread_ids=thread_ids(args.thread_ids),
        page_size=max(1, args.page_size), max_retries=max(0, args.max_retries), restart=args.restart)


def run(args) -> int:
    from gateway.migrate.client import Unreachable
    from gateway.migrate.job import migrate

    if args.api == "v4" and args.source != "zep":
        print("rosetta migrate: --api v4 is for --from zep", file=sys.stderr)
        return 2
    if args.source == "openai" and not args.thread_ids:
        print("rosetta migrate: OpenAI has no thread listing: give --thread-ids FILE", file=sys.stderr)
        return 2
    try:
        options = options_of(args)
    except OSError as exc:
        print(f"rosetta migrate: {exc}", file=sys.stderr)
        return 2
    try:
        report = asyncio.run(migrate(options))
    except Unreachable as exc:
        print(f"rosetta migrate: {exc}; nothing was copied", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nrosetta migrate: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    print(report.render())
    return report.status
