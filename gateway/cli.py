"""The ``rosetta`` command: ``serve`` runs the gateway; ``coverage`` prints the route table;
``export``/``import`` move the store as JSON Lines; ``migrate`` copies a live vendor account."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from gateway.logs import FORMATS, LEVELS
from gateway.settings import BadKeySpec, from_env, parse_keys


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rosetta", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the gateway")
    serve.add_argument("--host", default=None, help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--db", default=None, help="SQLite file (default ./rosetta.db, env ROSETTA_DB)")
    serve.add_argument("--durability", choices=["full", "fast"], default=None,
                       help="full: synchronous=FULL (default); fast: synchronous=NORMAL")
    serve.add_argument("--api-key", action="append", default=[], metavar="KEY=WORKSPACE",
                       help="enable auth with a key bound to a workspace (KEY=* is admin); repeatable")
    serve.add_argument("--max-body-bytes", type=int, default=None, help="request body cap (5 MiB)")
    serve.add_argument("--log-level", default="info", choices=LEVELS)
    serve.add_argument("--log-format", choices=FORMATS, default=None,
                       help="text (default) or json: one JSON object per line (env ROSETTA_LOG_FORMAT)")
    serve.add_argument("--access-log", choices=["on", "off"], default=None,
                       help="one line per request at log level info/debug (default on; env ROSETTA_ACCESS_LOG)")
    commands.add_parser("coverage", help="print the endpoint coverage table (markdown)")
    export = commands.add_parser("export", help="write the whole store as JSON Lines")
    export.add_argument("--db", default=None, help="SQLite file (default ./rosetta.db, env ROSETTA_DB)")
    export.add_argument("--output", "-o", default=None, help="file to write (default stdout)")
    load = commands.add_parser("import", help="load a JSON Lines export (idempotent)")
    load.add_argument("file", help="the export file")
    load.add_argument("--db", default=None, help="SQLite file (default ./rosetta.db, env ROSETTA_DB)")
    from gateway.migrate.command import add_parser as add_migrate

    add_migrate(commands)
    return top


def serve(args) -> int:
    import uvicorn

    from gateway.app import build_app
    from gateway.logs import access_on, configure, uvicorn_config

    try:
        keys = parse_keys(args.api_key) if args.api_key else None
    except BadKeySpec as exc:
        print(f"rosetta: {exc}", file=sys.stderr)
        return 2
    settings = from_env(
        host=args.host, port=args.port, db=args.db, durability=args.durability,
        api_keys=keys, max_body_bytes=args.max_body_bytes, log_level=args.log_level,
        log_format=args.log_format,
        access_log=access_on(args.log_level, args.access_log or os.environ.get("ROSETTA_ACCESS_LOG", "on")),
    )
    configure(settings.log_level, settings.log_format)
    logging.getLogger("rosetta").info(
        "rosetta: listening on http://%s:%d", settings.host, settings.port
    )
    uvicorn.run(
        build_app(settings, freeze_gc=True), host=settings.host, port=settings.port, loop="uvloop",
        http="httptools", workers=1, access_log=False, log_level=settings.log_level,
        log_config=uvicorn_config(), lifespan="on",
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
