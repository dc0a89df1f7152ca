"""Time expressions resolved to a period of ISO dates, relative ones against the document's
publication date: "last month" in an article of 2019-05-12 is 2019-04-01..2019-04-30.
Without a publication date, relative expressions keep their text and resolve to nothing."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3}
PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (10, 12), "beginning": (1, 3),
         "first half": (1, 6), "second half": (7, 12)}

Period = tuple[date, date]


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        m2 = re.match(r"(\d{4})$", value.strip())
        return date(int(m2.group(1)), 1, 1) if m2 else None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _month(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> Period:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _shift_month(d: date, k: int) -> tuple[int, int]:
    n = d.year * 12 + (d.month - 1) + k
    return n // 12, n % 12 + 1


def resolve_time(text: str, published: date | None) -> Period | None:
    """The period ``text`` refers to, or None when it cannot be resolved."""
    t = re.sub(r"\s+", " ", text.lower().strip(" ,.")).replace("mid-", "mid ")
    t = re.sub(r"^(in|on|at|during|since|by|from|the|of)\s+", "", t)
    t = re.sub(r"^(the)\s+", "", t)
    # absolute: decades, years, months with years, full dates
    m = re.fullmatch(r"(\d{4})s", t)
    if m:
        y = int(m.group(1))
        return date(y, 1, 1), date(y + 9, 12, 31)
    m = re.fullmatch(r"(?:(early|mid|late|end of|beginning of|first half of|second half of)\s+)?(\d{4})", t)
    if m:
        y = int(m.group(2))
        part = (m.group(1) or "").replace(" of", "")
        return _months(y, *PARTS[part]) if part else (date(y, 1, 1), date(y, 12, 31))
    m = re.fullmatch(r"(?:(early|mid|late)\s+)?([a-z]+)\.?,?\s+(\d{4})", t)
    if m and m.group(2) in MONTHS:
        return _month(int(m.group(3)), MONTHS[m.group(2)])
    m = (re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", t)
         or re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", t))
    if m:
        a, b, year = m.groups()
        day, mon = (a, b) if a.isdigit() else (b, a)
        if mon in MONTHS:
            try:
                d = date(int(year), MONTHS[mon], int(day))
                return d, d
            except ValueError:
                return None
    if published is None:
        return None
    p = published
    # relative to the publication date
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return p, p
    if t in ("yesterday", "last night"):
        d = p - timedelta(days=1)
        return d, d
    if t == "tomorrow":
        d = p + timedelta(days=1)
        return d, d
    m = re.fullmatch(r"(last|this|next|past|previous|coming)\s+(week|month|year)", t)
    if m:
        rel, unit = m.groups()
        k = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
        if unit == "year":
            return date(p.year + k, 1, 1), date(p.year + k, 12, 31)
        if unit == "month":
            return _month(*_shift_month(p, k))
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=k)
        return monday, monday + timedelta(days=6)
    m = re.fullmatch(r"(a few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)\s+"
                     r"(day|week|month|year)s?\s+ago", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit == "day":
            d = p - timedelta(days=n)
            return d, d
        if unit == "week":
            d = p - timedelta(weeks=n)
            return d - timedelta(days=d.weekday()), d - timedelta(days=d.weekday()) + timedelta(days=6)
        if unit == "month":
            return _month(*_shift_month(p, -n))
        return date(p.year - n, 1, 1), date(p.year - n, 12, 31)
    m = re.fullmatch(r"(?:(last|this|next)\s+)?([a-z]+)", t)
    if m and m.group(2) in WEEKDAYS:
        rel = m.group(1)
        delta = (p.weekday() - WEEKDAYS[m.group(2)]) % 7
        if rel == "next":
            d = p + timedelta(days=(7 - delta) % 7 or 7)
        else:
            d = p - timedelta(days=delta or (7 if rel == "last" else 0))
        return d, d
    if m and m.group(2) in MONTHS:
        rel = m.group(1)
        mon = MONTHS[m.group(2)]
        year = p.year if mon <= p.month else p.year - 1
        if rel == "next":
            year = p.year if mon > p.month else p.year + 1
        elif rel == "last" and mon >= p.month:
            year = p.year - 1
        return _month(year, mon)
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})", t) or re.fullmatch(r"(\d{1,2})\s+([a-z]+)", t)
    if m:
        a, b = m.groups()
        day, mon = (a, b) if a.isdigit() else (b, a)
        if mon in MONTHS:
            try:
                d = date(p.year, MONTHS[mon], int(day))
            except ValueError:
                return None
            if d > p:
                d = date(p.year - 1, d.month, d.day) if not (d.month == 2 and d.day == 29) else d
            return d, d
    m = re.fullmatch(r"(early|mid|late)\s+(this|last|next)\s+(month|year)", t)
    if m:
        part, rel, unit = m.groups()
        k = {"this": 0, "last": -1, "next": 1}[rel]
        if unit == "year":
            return _months(p.year + k, *PARTS[part])
        y, mon = _shift_month(p, k)
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, calendar.monthrange(y, mon)[1])}[part]
        return date(y, mon, lo), date(y, mon, hi)
    return None
