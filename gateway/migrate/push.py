"""Runs the store into a target: each unit checkpointed when the vendor has all of it. Units
re-read what the vendor already holds before writing, so a re-run adds nothing twice."""

from __future__ import annotations

from gateway.migrate import runner


async def run(units, store, checkpoint, report, bar) -> None:
    async def consume(unit) -> None:
        async for noun, n, why in unit.work():
            if why is None:
                report.copy(noun, n)
                if noun == "message":
                    bar.add_messages(n)
            else:
                report.skip(noun, why, n)

    await runner.run(units, checkpoint, report, bar, consume)
