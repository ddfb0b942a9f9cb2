"""Runs units one by one, in both directions: a unit already checkpointed is skipped, a unit
that fails is reported with its reason (the run goes on), a finished one is checkpointed. What
a unit's work does (import rows, or send them to a vendor) is the caller's ``consume``."""

from __future__ import annotations

from gateway.migrate.unit import FAILURES, Failure, Listed, Unit, reason


async def run(units, checkpoint, report, bar, consume) -> None:
    async for item in units:
        if isinstance(item, Listed):
            bar.list(item.count)
        elif isinstance(item, Failure):
            report.fail(item.what, item.reason)
        else:
            await _unit(item, checkpoint, report, bar, consume)


async def _unit(unit: Unit, checkpoint, report, bar, consume) -> None:
    if checkpoint.is_done(unit.key):
        report.skip("session" if unit.session else "workspace", "done in an earlier run")
        if unit.session:
            bar.session_done()
        return
    try:
        await consume(unit)
    except FAILURES as exc:
        report.fail(unit.label, reason(exc))
        if unit.session:
            bar.session_done(ok=False)
        return
    checkpoint.finish(unit.key)
    if unit.session:
        bar.session_done()
