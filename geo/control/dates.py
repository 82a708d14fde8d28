"""Dates as the control layer uses them: ISO strings, month-precision allowed."""

from __future__ import annotations

import calendar
import datetime as dt


def start_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for a day, month (first day) or year (1 January); None when unparsable."""
    return _parse(value, end=False)


def end_date(value: str | None) -> str | None:
    """Like start_date but the last day of a month or year: 'as of 2020-01' means the whole month."""
    return _parse(value, end=True)


def _parse(value: str | None, *, end: bool) -> str | None:
    if not value:
        return None
    v = str(value).strip()[:10]
    try:
        if len(v) == 10:
            return dt.date.fromisoformat(v).isoformat()
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            d = calendar.monthrange(y, m)[1] if end else 1
            return dt.date(y, m, d).isoformat()
        if len(v) == 4:
            return dt.date(int(v), 12, 31).isoformat() if end else dt.date(int(v), 1, 1).isoformat()
    except ValueError:
        return None
    return None


def days_between(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
