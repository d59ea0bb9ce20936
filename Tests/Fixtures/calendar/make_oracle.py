#!/usr/bin/env python3
"""Independent oracle for Lapor's working calendar (WorkingCalendarTests reads oracle.tsv).

    pip install holidays
    python3 Tests/Fixtures/calendar/make_oracle.py      # rewrites oracle.tsv next to this script

The working-day set comes from the PyPI package `holidays`
(country_holidays("ID", categories=("public", "government"))), NOT from Lapor's YAML: that is the
point of an oracle. Working hours (Perpres 21/2023) and the Ramadan periods are written out below
from DOMAIN.md. The rules are implemented here from scratch, walking day by day:

- normalization: an instant inside a working interval [start, end) stays; otherwise it moves to the
  start of the next working interval (before start, in a break, after end, non-working day);
- N working_hours: from the instant, the earliest instant at which N*3600 working seconds have
  elapsed (N = 0: the normalized start);
- N working_days: normalized start on day D, offset = working seconds of D before it; the result is
  that offset into the N-th working day after D, clamped to the end of that day's last interval;
- working minutes between a and b: working seconds in [a, b), divided by 60 rounded down (0 if b <= a).

Rows whose computation touches a date on which the package and DOMAIN.md's table disagree are left
out (the script prints such dates; there were none with holidays 0.109).
"""

import datetime as dt
import random
import sys
from pathlib import Path

import holidays

SEED = 20250320
YEARS = (2025, 2026)
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 12, 31)
JAKARTA = dt.timedelta(hours=7)

# DOMAIN.md's table, used only to find dates on which the package disagrees.
DOMAIN_HOLIDAYS = {
    2025: "01-01 01-27 01-29 03-29 03-31 04-01 04-18 04-20 05-01 05-12 05-29 06-01 06-06 06-27 08-17 09-05 12-25",
    2026: "01-01 01-16 02-17 03-19 03-21 03-22 04-03 04-05 05-01 05-14 05-27 05-31 06-01 06-16 08-17 08-25 12-25",
}
DOMAIN_CUTI_BERSAMA = {
    2025: "01-28 03-28 04-02 04-03 04-04 04-07 05-13 05-30 06-09 08-18 12-26",
    2026: "02-16 03-18 03-20 03-23 03-24 05-15 05-28 12-24",
}


def hm(text):
    hours, minutes = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60


# Weekday (Monday = 0) -> working intervals in seconds after midnight, breaks removed.
NORMAL_HOURS = {
    **{day: [(hm("07:30"), hm("12:00")), (hm("13:00"), hm("16:00"))] for day in range(4)},
    4: [(hm("07:30"), hm("11:30")), (hm("13:00"), hm("16:30"))],
}
RAMADAN_HOURS = {
    **{day: [(hm("08:00"), hm("12:00")), (hm("12:30"), hm("15:00"))] for day in range(4)},
    4: [(hm("08:00"), hm("11:30")), (hm("12:30"), hm("15:30"))],
}
RAMADAN = [(dt.date(2025, 3, 1), dt.date(2025, 3, 30)), (dt.date(2026, 2, 19), dt.date(2026, 3, 20))]


def domain_dates(table):
    return {dt.date(year, int(md[:2]), int(md[3:])) for year, days in table.items() for md in days.split()}


PACKAGE_PUBLIC = holidays.country_holidays("ID", years=list(YEARS), categories=("public",))
PACKAGE_GOVERNMENT = holidays.country_holidays("ID", years=list(YEARS), categories=("government",))
PACKAGE = holidays.country_holidays("ID", years=list(YEARS), categories=("public", "government"))
PACKAGE_DATES = {day for day in PACKAGE if day.year in YEARS}
DISPUTED = PACKAGE_DATES ^ (domain_dates(DOMAIN_HOLIDAYS) | domain_dates(DOMAIN_CUTI_BERSAMA))
MISFILED = (set(PACKAGE_PUBLIC) ^ domain_dates(DOMAIN_HOLIDAYS)) | (
    set(PACKAGE_GOVERNMENT) ^ domain_dates(DOMAIN_CUTI_BERSAMA)
)


class OutOfRange(Exception):
    """The computation left 2025-2026, where the oracle has no calendar."""


def is_working(day):
    if not FIRST <= day <= LAST:
        raise OutOfRange(day)
    return day.weekday() < 5 and day not in PACKAGE_DATES


def intervals(day):
    if not is_working(day):
        return []
    ramadan = any(start <= day <= end for start, end in RAMADAN)
    return (RAMADAN_HOURS if ramadan else NORMAL_HOURS)[day.weekday()]


def normalize(day, second):
    """The normalization rule: (day, second) of the next working moment at or after the given one."""
    while True:
        for start, end in intervals(day):
            if second < end:
                return day, max(second, start)
        day += dt.timedelta(days=1)
        second = 0


def add_working_seconds(day, second, amount):
    if amount == 0:
        return normalize(day, second)
    remaining = amount
    while True:
        for start, end in intervals(day):
            begin = max(start, second)
            if begin >= end:
                continue
            if remaining <= end - begin:
                return day, begin + remaining
            remaining -= end - begin
        day += dt.timedelta(days=1)
        second = 0


def add_working_days(day, second, count):
    day, second = normalize(day, second)
    offset = sum(max(0, min(second, end) - start) for start, end in intervals(day))
    found = 0
    while found < count:
        day += dt.timedelta(days=1)
        if is_working(day):
            found += 1
    last_end = 0
    for start, end in intervals(day):
        if offset < end - start:
            return day, start + offset
        offset -= end - start
        last_end = end
    return day, last_end


def working_seconds_between(a, b):
    if b <= a:
        return 0
    total = 0
    day = a[0]
    while day <= b[0]:
        low = a[1] if day == a[0] else 0
        high = b[1] if day == b[0] else 86_400
        for start, end in intervals(day):
            total += max(0, min(end, high) - max(start, low))
        day += dt.timedelta(days=1)
    return total


def iso(day, second, offset=JAKARTA):
    """Formats local Jakarta (day, second) as ISO 8601 at `offset`, seconds only when non-zero."""
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second) - JAKARTA + offset
    text = moment.strftime("%Y-%m-%dT%H:%M")
    if moment.second:
        text += moment.strftime(":%S")
    if offset == dt.timedelta(0):
        return text + "Z"
    sign = "+" if offset >= dt.timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


BOUNDARIES = [hm(t) for t in "07:30 08:00 11:30 12:00 12:30 13:00 15:00 15:30 16:00 16:30".split()]


def random_start(rng):
    day = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
    style = rng.random()
    if style < 0.4:
        second = rng.randrange(86_400)
    elif style < 0.7:
        second = rng.randrange(1440) * 60
    else:
        second = rng.choice(BOUNDARIES) + rng.choice([0, 0, 0, -60, 60, -1, 1])
    return day, second


def written(rng, day, second):
    """The start as text in a randomly chosen offset and spelling."""
    style = rng.random()
    if style < 0.8:
        return iso(day, second)
    if style < 0.9:
        return iso(day, second, dt.timedelta(0))
    if style < 0.95:
        return iso(day, second).replace("+07:00", "+0700")
    return iso(day, second, dt.timedelta(hours=rng.choice([-5, 9, 1]), minutes=rng.choice([0, 30])))


def touches_disputed(first_day, last_day):
    return any(first_day <= day <= last_day for day in DISPUTED)


def main():
    rng = random.Random(SEED)
    rows = []
    skipped_disputed = 0

    def generate(kind, wanted, draw):
        nonlocal skipped_disputed
        made = 0
        while made < wanted:
            day, second = random_start(rng)
            try:
                argument, result_day, expected = draw(day, second)
            except OutOfRange:
                continue
            if touches_disputed(min(day, result_day), max(day, result_day)):
                skipped_disputed += 1
                continue
            rows.append((kind, written(rng, day, second), argument, expected))
            made += 1

    def working_days(day, second):
        count = rng.choice([rng.randrange(0, 5), rng.randrange(0, 30), rng.randrange(0, 60), rng.randrange(0, 250)])
        result = add_working_days(day, second, count)
        return str(count), result[0], iso(*result)

    def working_hours(day, second):
        count = rng.choice([rng.randrange(0, 10), rng.randrange(0, 120), rng.randrange(0, 1000)])
        result = add_working_seconds(day, second, count * 3600)
        return str(count), result[0], iso(*result)

    def between(day, second):
        end = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second)
        end += dt.timedelta(seconds=rng.randrange(-86_400, 60 * 86_400))
        end_day, end_second = end.date(), end.hour * 3600 + end.minute * 60 + end.second
        if not FIRST <= end_day <= LAST:
            raise OutOfRange(end_day)
        minutes = working_seconds_between((day, second), (end_day, end_second)) // 60
        return iso(end_day, end_second), end_day, str(minutes)

    generate("working_days", 3000, working_days)
    generate("working_hours", 1000, working_hours)
    generate("working_minutes", 1000, between)

    if DISPUTED:
        print("dates where holidays and DOMAIN.md disagree:", sorted(map(str, DISPUTED)), file=sys.stderr)
    if MISFILED:
        print("dates the package files under another category:", sorted(map(str, MISFILED)), file=sys.stderr)
    out = Path(__file__).with_name("oracle.tsv")
    with out.open("w", encoding="utf-8") as handle:
        handle.write(f"# Generated by make_oracle.py (holidays {holidays.__version__}, seed {SEED}); do not edit.\n")
        handle.write(f"# Disputed dates (package vs DOMAIN.md): {', '.join(sorted(map(str, DISPUTED))) or 'none'}\n")
        handle.write(f"# Rows left out for touching them: {skipped_disputed}\n")
        handle.write("# kind\tstart\tamount (or end)\texpected (due instant at +07:00, or working minutes)\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
