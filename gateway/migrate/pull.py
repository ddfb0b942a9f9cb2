"""Runs a source into the store: each batch of a unit's rows imported in one transaction (rows
already present are skipped), the unit checkpointed when its last batch is in."""

from __future__ import annotations

from gateway.migrate import runner
from store.archive import MessageRow


async def run(units, store, checkpoint, report, bar) -> None:
    async def consume(unit) -> None:
        async for rows in unit.work():
            report.absorb(await store.import_rows(rows))
            bar.add_messages(sum(isinstance(r, MessageRow) for r in rows))

    await runner.run(units, checkpoint, report, bar, consume)
