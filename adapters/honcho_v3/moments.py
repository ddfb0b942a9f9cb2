"""Client datetimes as pydantic reads them: RFC 3339 text, or Unix time in seconds (milliseconds
past 2e10). A moment the store cannot hold (outside years 1-9999 in UTC) is a ValueError, so
callers answer 422 rather than fail on write or on every later read."""

from __future__ import annotations

from datetime import datetime, timezone

MS_THRESHOLD = 2e10


def parse(value) -> datetime:
    """The moment ``value`` names; a naive one stays naive (callers decide it is UTC)."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if abs(value) > MS_THRESHOLD else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        text = str(value)
        if text.strip().lstrip("-").replace(".", "", 1).isdigit():  # pydantic reads numeric text as Unix time
            return parse(float(text) if "." in text else int(text))
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        if moment.tzinfo is not None:
            moment.astimezone(timezone.utc)  # raises when UTC falls outside years 1-9999
        return moment
    except (OverflowError, OSError) as exc:
        raise ValueError(str(exc)) from None


def problem(value) -> tuple[str, str, dict | None]:
    """pydantic's (type, msg, ctx) for a value that is not a datetime it reads (the common
    cases of its parser's reasons; any other text gets the last one)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return "datetime_type", "Input should be a valid datetime", None
    if not isinstance(value, str):
        reason = ("dates after 9999 are not supported as unix timestamps" if value > 0
                  else "dates before 0000 are not supported as unix timestamps")
        return "datetime_parsing", f"Input should be a valid datetime, {reason}", {"error": reason}
    reason = _date_reason(value)
    return "datetime_from_date_parsing", f"Input should be a valid datetime or date, {reason}", {"error": reason}


def _date_reason(text: str) -> str:
    if len(text) < 10:
        return "input is too short"
    for span, what in (((0, 4), "year"), ((5, 7), "month"), ((8, 10), "day")):
        if not text[span[0]:span[1]].isascii() or not text[span[0]:span[1]].isdigit():
            if span[0] > 0 and text[span[0] - 1] != "-":
                return "invalid date separator, expected `-`"
            return f"invalid character in {what}"
    if text[4] != "-" or text[7] != "-":
        return "invalid date separator, expected `-`"
    if not 1 <= int(text[5:7]) <= 12:
        return "month value is outside expected range of 1-12"
    if not 1 <= int(text[8:10]) <= 31:
        return "day value is outside expected range"
    return "unexpected extra characters at the end of the input"
