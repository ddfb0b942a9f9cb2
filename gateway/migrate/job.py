"""One migration run: open the store and the vendor client, run the units with a checkpoint,
and return the report."""

from __future__ import annotations

import sys

from store import open_store

from gateway.migrate import pull, push, sources, targets
from gateway.migrate.checkpoint import Checkpoint, path_for
from gateway.migrate.client import Unreachable, VendorClient
from gateway.migrate.options import Options
from gateway.migrate.pacing import Pacer
from gateway.migrate.progress import Bar
from gateway.migrate.report import Report
from gateway.migrate.status import StatusFile
from gateway.migrate.vendor_api import VendorApi


def _module(options: Options):
    return (targets if options.push else sources).load(options.vendor)


def title(options: Options) -> str:
    way = "to" if options.push else "from"
    return f"rosetta migrate --{way} {options.vendor} {options.url}" + (
        f" (workspace {options.workspace})" if options.workspace else "")


def public_title(options: Options) -> str:
    """The title without the vendor's URL (what the console shows and status files keep)."""
    way = "to" if options.push else "from"
    return f"rosetta migrate --{way} {options.vendor}" + (
        f" (workspace {options.workspace})" if options.workspace else "")


async def migrate(options: Options, stream=None, *, store=None, origin: str = "cli") -> Report:
    """``store``: an open store to fill (the serving gateway's, for a run started from the
    console); by default the run opens ``options.db`` itself and closes it after."""
    module = _module(options)
    api: VendorApi = module.API
    checkpoint = Checkpoint(path_for(options.db, options.vendor, push=options.push), options.vendor,
                            api.origin(options.url), options.workspace)
    if not options.restart:
        checkpoint.load()
    status = StatusFile(options.db, way="to" if options.push else "from", vendor=options.vendor,
                        workspace=options.workspace, origin=origin)
    report, bar = Report(title(options)), Bar("migrate", stream or sys.stderr, watcher=status.update)
    report.resumed = checkpoint.resumed
    status.write()
    own = store is None
    store = await open_store(options.db) if own else store
    try:
        async with VendorClient(options.url, api, key=options.key,
                                pacer=Pacer(options.max_retries)) as client:
            runner = push if options.push else pull
            await runner.run(module.units(client, options, store), store, checkpoint, report, bar)
    except Unreachable as exc:  # the vendor never answered: nothing was copied
        status.update(bar, force=True)
        status.end("failed", [public_title(options), f"  {exc}; nothing was copied"])
        raise
    except BaseException:
        status.update(bar, force=True)
        status.end("interrupted", [public_title(options), "  interrupted before the end"])
        raise
    finally:
        if own:
            await store.close()
    bar.finish(0)
    if not report.failed:
        checkpoint.clear()
    status.update(bar, force=True)
    status.end("failed" if report.failed else "done", [public_title(options)] + report.lines()[1:])
    return report
