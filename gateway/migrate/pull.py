"""Runs a source into the store: unit by unit, each batch of rows imported in one transaction
(rows already present are skipped), the unit checkpointed when its last batch is in."""

from __future__ import annotations

from store.archive import MessageRow

from gateway.migrate.unit import FAILURES, Failure, Listed, Unit, reason


async def run(units, store, checkpoint, report, bar) -> None:
    async for item in units:
        if isinstance(item, Listed):
            bar.list(item.count)
        elif isinstance(item, Failure):
            report.fail(item.what, item.reason)
        else:
            await _unit(item, store, checkpoint, report, bar)


async def _unit(unit: Unit, store, checkpoint, report, bar) -> None:
    if checkpoint.is_done(unit.key):
        report.skip("session" if unit.session else "workspace", "done in an earlier run")
        if unit.session:
            bar.session_done()
        return
    try:
        async for rows in unit.work():
            report.absorb(await store.import_rows(rows))
            bar.add_messages(sum(isinstance(r, MessageRow) for r in rows))
    except FAILURES as exc:
        report.fail(unit.label, reason(exc))
        if unit.session:
            bar.session_done(ok=False)
        return
    checkpoint.finish(unit.key)
    if unit.session:
        bar.session_done()
