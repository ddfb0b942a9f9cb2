"""Migrations from the console: start a ``migrate --from`` run into the serving store and watch
it. The run goes on in the gateway's event loop; its progress is the same status file a CLI run
writes (gateway.migrate.status), so runs from either place are listed together. The URL and
key live only in the running task: nothing stores or logs them."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import Response

from gateway.console.render import page
from gateway.migrate import status as run_status
from gateway.migrate.command import SOURCES
from gateway.migrate.options import Options

log = logging.getLogger("rosetta")


class Migrations:
    def __init__(self):
        self.tasks: set[asyncio.Task] = set()  # held so a running migration is not collected

    async def index(self, request: Request) -> Response:
        db = request.app.state.settings.db
        return page("migrations.html", runs=run_status.runs(db), sources=SOURCES)

    async def show(self, request: Request) -> Response:
        found = run_status.find(request.app.state.settings.db, request.query_params.get("id", ""))
        if found is None:
            return page("message.html", status=404, title="No such migration", text="That run is not known here.")
        return page("migration.html", run=found)

    async def start(self, request: Request) -> Response:
        form = await request.form()
        vendor, url = str(form.get("vendor", "")), str(form.get("url", "")).strip()
        if vendor not in SOURCES or not url.startswith(("http://", "https://")):
            return page("message.html", status=422, title="Cannot start",
                        text="Choose a vendor and give its base URL (http:// or https://).")
        ids = [line.strip() for line in str(form.get("thread_ids", "")).splitlines() if line.strip()]
        if vendor == "openai" and not ids:
            return page("message.html", status=422, title="Cannot start",
                        text="OpenAI has no thread listing: give the thread ids, one per line.")
        options = Options(vendor=vendor, push=False, url=url, key=str(form.get("key", "")).strip() or None,
                          db=request.app.state.settings.db, workspace=str(form.get("workspace", "")).strip() or None,
                          thread_ids=ids)
        before = {r.id for r in run_status.runs(options.db, limit=10_000)}
        task = asyncio.create_task(self._run(options, request.app.state.store))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        started = await _first_new_run(options.db, before)
        shown = run_status.find(options.db, started)
        if shown is None:
            return page("message.html", status=202, title="Started", text="The run started; see Migrations.")
        answer = page("migration.html", status=201, run=shown)
        answer.headers["x-console-location"] = f"#/migration?id={started}"
        return answer

    async def _run(self, options: Options, store) -> None:
        from gateway.migrate.job import migrate

        try:
            await migrate(options, stream=_Quiet(), store=store, origin="console")
        except Exception as exc:  # noqa: BLE001 - the status file says how it ended; the gateway goes on
            log.warning("rosetta: a migration started from the console stopped: %s", exc)


async def _first_new_run(db: str, before: set[str], wait: float = 2.0) -> str:
    """The id of the run the task just started (its status file is written before any call)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while loop.time() < deadline:
        fresh = [r.id for r in run_status.runs(db, limit=10_000) if r.id not in before]
        if fresh:
            return fresh[0]
        await asyncio.sleep(0.02)
    return ""


class _Quiet:
    """The progress bar's stream for a console run: the console shows the counts instead."""

    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False
