"""The ``rosetta`` command: ``serve`` runs the gateway; ``coverage`` prints the route table;
``export``/``import`` move the store as JSON Lines; ``migrate`` copies a live vendor account."""

from __future__ import annotations

import argparse
import os
import sys

from gateway.settings import ENV, LOG_FORMATS, LOG_LEVELS, BadSetting, from_env, parse_keys

DB_HELP = "SQLite file or postgresql://user@host:port/dbname (default ./rosetta.db, env ROSETTA_DB)"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("rosetta-gateway")
    except PackageNotFoundError:
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rosetta", description=__doc__)
    top.add_argument("--version", action="version", version=f"rosetta {version()}")
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="run the gateway",
        description="Run the gateway. Every flag has an environment variable (the flag wins).")
    serve.add_argument("--host", default=None, help=f"bind address (default 127.0.0.1, env {ENV['host']})")
    serve.add_argument("--port", type=int, default=None, help=f"port (default 8000, env {ENV['port']})")
    serve.add_argument("--db", default=None, help=DB_HELP)
    serve.add_argument("--durability", choices=["full", "fast"], default=None,
                       help="full: synchronous=FULL (default); fast: synchronous=NORMAL "
                            f"(env {ENV['durability']})")
    serve.add_argument("--api-key", action="append", default=[], metavar="KEY=WORKSPACE",
                       help="enable auth with a key bound to a workspace (KEY=* is admin); repeatable "
                            f"(env {ENV['api_keys']}=k1=ws1,k2=*)")
    serve.add_argument("--max-body-bytes", type=int, default=None,
                       help=f"request body cap (default 5 MiB, env {ENV['max_body_bytes']})")
    serve.add_argument("--workers", type=int, default=1,
                       help="processes serving the port, each with its own pool (PostgreSQL only)")
    serve.add_argument("--log-level", choices=LOG_LEVELS, default=None,
                       help=f"default info (env {ENV['log_level']})")
    serve.add_argument("--log-format", choices=LOG_FORMATS, default=None,
                       help=f"text (default) or json: one JSON object per line (env {ENV['log_format']})")
    serve.add_argument("--access-log", choices=["on", "off"], default=None,
                       help="one line per request at log level info/debug (default on; env ROSETTA_ACCESS_LOG)")
    commands.add_parser("coverage", help="print the endpoint coverage table (markdown)")
    export = commands.add_parser("export", help="write the whole store as JSON Lines")
    export.add_argument("--db", default=None, help=DB_HELP)
    export.add_argument("--output", "-o", default=None, help="file to write (default stdout)")
    load = commands.add_parser("import", help="load a JSON Lines export (idempotent)")
    load.add_argument("file", nargs="?", default="-", help="the export file (default stdin)")
    load.add_argument("--db", default=None, help=DB_HELP)
    from gateway.migrate.command import add_parser as add_migrate

    add_migrate(commands)
    return top


def serve(args) -> int:
    from gateway import workers
    from gateway.logs import access_on, configure
    from gateway.server import run

    keys = parse_keys(args.api_key) if args.api_key else None
    settings = from_env(
        host=args.host, port=args.port, db=args.db, durability=args.durability,
        api_keys=keys, max_body_bytes=args.max_body_bytes, log_level=args.log_level,
        log_format=args.log_format,
    )
    refused = workers.refusal(settings.db, args.workers)
    if refused:
        raise BadSetting(refused)
    wanted = args.access_log or os.environ.get("ROSETTA_ACCESS_LOG", "on")
    settings.access_log = access_on(settings.log_level, wanted)
    configure(settings.log_level, settings.log_format)
    return run(settings, workers=args.workers)


def main(argv: list[str] | None = None) -> int:
    """Failures a user can fix are one line on stderr and a non-zero status, never a traceback;
    a reader that goes away (``rosetta export | head``) ends the command quietly."""
    from gateway.server import StartupError
    from store.errors import Unavailable

    args = parser().parse_args(argv)
    try:
        return command(args)
    except (BadSetting, StartupError, Unavailable) as exc:
        print(f"rosetta: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, BadSetting) else 1
    except BrokenPipeError:
        _quiet_stdout()
        return 141  # what a shell reports for a command ended by SIGPIPE
    except KeyboardInterrupt:
        return 130


def command(args) -> int:
    if args.command == "serve":
        return serve(args)
    if args.command == "migrate":
        from gateway.migrate.command import run

        return run(args)
    if args.command in ("export", "import"):
        from gateway import transfer

        db = from_env(db=args.db).db
        if args.command == "export":
            return transfer.export_command(db, args.output)
        return transfer.import_command(db, args.file)
    from gateway.coverage import table

    print(table())
    return 0


def _quiet_stdout() -> None:
    """After a closed pipe, Python's final flush of stdout would fail again (and print an
    error): point stdout at /dev/null first."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
