"""Honcho v3 times reach the wire as msgspec renders datetimes; that must be pydantic's text
(``iso``, which the migrate target still uses for request bodies)."""

from datetime import datetime, timedelta, timezone

import msgspec
import pytest

from adapters.honcho_server.shapes import iso


MOMENTS = [
    datetime(2026, 1, 1, tzinfo=timezone.utc),
    datetime(2026, 1, 1, 12, 30, 5, 120, tzinfo=timezone.utc),
    datetime(2026, 1, 1, 12, 30, 5, 999999, tzinfo=timezone.utc),
    datetime(2026, 1, 1, 12, 30),
    datetime(2026, 1, 1, 12, 30, 0, 5),
    datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-8))),
    datetime(999, 1, 1, tzinfo=timezone.utc),
    datetime(1, 1, 1, tzinfo=timezone.utc),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_wire_time_is_pydantics_rendering(moment):
    assert msgspec.json.decode(msgspec.json.encode({"t": moment}))["t"] == iso(moment)
