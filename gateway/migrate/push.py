"""Runs the store into a target: unit by unit, each unit checkpointed when the vendor has all
of it. Units re-read what the vendor already holds before writing, so a re-run adds nothing twice."""

from __future__ import annotations

from gateway.migrate.unit import FAILURES, Failure, Listed, Unit, reason


async def run(units, store, checkpoint, report, bar) -> None:
    async for item in units:
        if isinstance(item, Listed):
            bar.list(item.count)
        elif isinstance(item, Failure):
            report.fail(item.what, item.reason)
        else:
            await _unit(item, checkpoint, report, bar)


async def _unit(unit: Unit, checkpoint, report, bar) -> None:
    if checkpoint.is_done(unit.key):
        report.skip("session" if unit.session else "workspace", "done in an earlier run")
        if unit.session:
            bar.session_done()
        return
    try:
        async for noun, n, why in unit.work():
            if why is None:
                report.copy(noun, n)
                if noun == "message":
                    bar.add_messages(n)
            else:
                report.skip(noun, why, n)
    except FAILURES as exc:
        report.fail(unit.label, reason(exc))
        if unit.session:
            bar.session_done(ok=False)
        return
    checkpoint.finish(unit.key)
    if unit.session:
        bar.session_done()
