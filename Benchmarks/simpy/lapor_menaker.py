"""SimPy model of a Lapor scenario (thr-2026 by default), the baseline of `lapor bench simulate`.

The same scenario as Lapor's simulator, written the way a SimPy user would: one process per ticket
that walks the workflow's work rules, one process per SLA clock that sleeps until its next reminder,
breach or escalation and is interrupted when the clock pauses or stops, a `simpy.Resource` per
staffed unit (FIFO), and a process for the arrivals. Every parameter is read from the workspace's
YAML files with PyYAML: the scenario (arrival profile, mixes, units, staff, handling times, work
rules, reporter replies), the workflow (transitions, SLA clocks with their starts, stops and pauses,
reminder points, escalation ladders), the routing table and the working calendar (working hours,
Ramadan hours, holidays and cuti bersama).

The rules are Lapor's (docs/simulation.md, docs/calendar.md): a Poisson arrival process constant
within each local hour; staff effort counted in the calendar's working time (a working day of effort
is 7.5 hours); the time waited is counted from joining the queue to the first working moment of the
service; SLA targets in working days are placed by the working-days rule and counted in working
seconds, so that pauses keep the remaining time exact; reminder points round up; an escalation step
lies `after_breach` past the breach in the clock's measure.

Usage (the bench passes the period and scale it gave Lapor):

    python3 Benchmarks/simpy/lapor_menaker.py --workspace . --scenario thr-2026 \
        --from 2026-01-05 --until 2026-10-30 --scale 3.8 --no-seasons --seed 1

Prints one JSON object: the key figures (all tickets and per unit), counts of the work done
(transitions, reminders, breaches, escalations, clock pauses and resumes) and the wall and CPU time
of the run (the event loop and the key figures, not the loading of the YAML files).
"""
import argparse
import bisect
import datetime
import gc
import glob
import json
import math
import os
import random
import re
import sys
import time

import simpy
import yaml

INF = math.inf
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Distributions: seconds per unit; working_days count 7.5 hours of work (docs/simulation.md).
DISTRIBUTION_UNITS = {
    "minute": (60, False), "minutes": (60, False), "hour": (3600, False), "hours": (3600, False),
    "day": (86400, False), "days": (86400, False), "working_hour": (3600, True),
    "working_hours": (3600, True), "working_day": (27000, True), "working_days": (27000, True),
}


class Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: `on:` (a transition's event) stays a string key."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def load_workspace(root):
    """Every document of the workspace by (kind, name); calendars as a list per name (one per year)."""
    documents = {}
    patterns = ["workflows/*.yaml", "workflows/calendars/*.yaml", "routing/*.yaml", "scenarios/*.yaml"]
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path, encoding="utf-8") as handle:
                for document in yaml.load_all(handle, Loader=Loader):
                    if not isinstance(document, dict) or "kind" not in document:
                        continue
                    key = (document["kind"], document["metadata"]["name"])
                    if document["kind"] == "Calendar":
                        documents.setdefault(key, []).append(document)
                    else:
                        documents[key] = document
    return documents


def parse_duration(text):
    """`30 minutes` → (amount, unit)."""
    amount, unit = str(text).split()
    return float(amount), unit


def parse_share(value):
    """`30%` → 0.3."""
    text = str(value).strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def parse_clock(text):
    hours, minutes = str(text).split(":")
    return int(hours) * 3600 + int(minutes) * 60


def as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


# MARK: Working calendar


class Calendar:
    """Working time of a Lapor calendar (docs/calendar.md), on a simulation clock in seconds.

    Time 0 is local midnight of `origin`. A table of days holds each day's working intervals (breaks
    removed; Ramadan hours within its dates) and running totals of working seconds, so every operation
    is a few list reads or one binary search. Instants past the last declared year are `INF` (Lapor
    ends such delays after the run).
    """

    def __init__(self, documents, origin):
        by_year = {document["year"]: document for document in documents}
        years = sorted(by_year)
        if years != list(range(years[0], years[-1] + 1)):
            raise ValueError("calendar years must be contiguous")
        self.first = datetime.date(years[0], 1, 1)
        self.origin = (origin - self.first).days
        self.intervals = []  # per day: [(start, end, working seconds of the day before start)]
        self.cumulative = []  # working seconds before the day
        self.cumulative_end = []  # working seconds up to the day's end
        self.working = []
        self.ordinal = []  # working days before the day
        self.working_days = []  # indices of working days
        total = 0
        day = self.first
        while day.year <= years[-1]:
            document = by_year[day.year]
            holidays = {as_date(entry["date"]) for entry in document.get("holidays", [])}
            holidays |= {as_date(entry["date"]) for entry in document.get("cuti_bersama", [])}
            weekday = WEEKDAYS[day.weekday()]
            working = weekday in document["working_days"] and day not in holidays
            hours = document["working_hours"]
            ramadan = document.get("ramadan")
            if ramadan and as_date(ramadan["from"]) <= day <= as_date(ramadan["until"]):
                hours = ramadan["working_hours"]
            intervals = []
            if working:
                block = next(block for block in hours if weekday in block["days"])
                pieces = [(parse_clock(block["start"]), parse_clock(block["end"]))]
                for pause in block.get("breaks", []):
                    low, high = (parse_clock(part) for part in pause.split("-"))
                    cut = []
                    for start, end in pieces:
                        if high <= start or low >= end:
                            cut.append((start, end))
                            continue
                        if start < low:
                            cut.append((start, low))
                        if high < end:
                            cut.append((high, end))
                    pieces = cut
                before = 0
                for start, end in pieces:
                    intervals.append((start, end, before))
                    before += end - start
            length = sum(end - start for start, end, _ in intervals)
            self.ordinal.append(len(self.working_days))
            if working:
                self.working_days.append(len(self.intervals))
            self.intervals.append(intervals)
            self.working.append(working)
            self.cumulative.append(total)
            total += length
            self.cumulative_end.append(total)
            day += datetime.timedelta(days=1)
        self.total = total

    def _time(self, day, second):
        return (day - self.origin) * 86400 + second

    def worked_before(self, day, second):
        """Working seconds of `day` before `second`."""
        worked = 0
        for start, end, before in self.intervals[day]:
            if second <= start:
                break
            if second < end:
                return before + second - start
            worked = before + end - start
        return worked

    def worked_until(self, t):
        day = int(t // 86400)
        second = t - day * 86400
        day += self.origin
        if day >= len(self.intervals):
            return self.total
        return self.cumulative[day] + self.worked_before(day, second)

    def next_working_start(self, t):
        """The normalization rule: `t` inside working time, else the start of the next working interval."""
        day = int(t // 86400)
        second = t - day * 86400
        day += self.origin
        if day >= len(self.intervals):
            return INF
        for start, end, _ in self.intervals[day]:
            if second < end:
                return t if second >= start else self._time(day, start)
        following = self.ordinal[day] + (1 if self.working[day] else 0)
        if following >= len(self.working_days):
            return INF
        day = self.working_days[following]
        return self._time(day, self.intervals[day][0][0])

    def add_working_seconds(self, t, seconds):
        """The earliest instant at which `seconds` working seconds have elapsed after `t`."""
        if seconds <= 0:
            return self.next_working_start(t)
        day = int(t // 86400)
        second = t - day * 86400
        day += self.origin
        if day >= len(self.intervals):
            return INF
        target = self.cumulative[day] + self.worked_before(day, second) + seconds
        if target > self.total:
            return INF
        day = bisect.bisect_left(self.cumulative_end, target, day)
        remaining = target - self.cumulative[day]
        second = 0
        for start, end, before in self.intervals[day]:
            second = end
            if remaining <= before + end - start:
                second = start + remaining - before
                break
        return self._time(day, second)

    def add_working_days(self, t, count):
        """The working-days rule: the same working offset into the `count`-th following working day."""
        start = self.next_working_start(t)
        if start == INF:
            return INF
        day = int(start // 86400)
        second = start - day * 86400
        day += self.origin
        index = self.ordinal[day] + int(count)
        if index >= len(self.working_days):
            return INF
        offset = self.worked_before(day, second)
        target = self.working_days[index]
        second = 0
        for begin, end, before in self.intervals[target]:
            second = end
            if offset < before + end - begin:
                second = begin + offset - before
                break
        return self._time(target, second)

    def working_seconds(self, start, end):
        return 0 if end <= start else self.worked_until(end) - self.worked_until(start)

    def adding(self, duration, t):
        """`t` plus an SLA duration such as (14, 'working_days') or (60, 'days')."""
        amount, unit = duration
        if unit in ("day", "days"):
            return t + amount * 86400
        if unit in ("hour", "hours"):
            return t + amount * 3600
        if unit in ("working_hour", "working_hours"):
            return self.add_working_seconds(t, amount * 3600)
        return self.add_working_days(t, amount)

    def is_working_day(self, date):
        return self.working[(date - self.first).days]


# MARK: Model


class Sampler:
    """A distribution of the scenario, in seconds, drawn to whole seconds like Lapor's."""

    def __init__(self, spec):
        (family, parameters), = spec.items()
        self.family = family
        self.working = False

        def seconds(text):
            amount, unit = parse_duration(text)
            scale, working = DISTRIBUTION_UNITS[unit]
            self.working = self.working or working
            return amount * scale

        if family == "fixed":
            self.value = seconds(parameters)
        elif family == "exponential":
            self.mean = seconds(parameters["mean"])
        elif family == "lognormal":
            median = seconds(parameters["median"])
            self.mu = math.log(median)
            self.sigma = math.log(seconds(parameters["p90"]) / median) / 1.2815515655446004
        elif family == "uniform":
            self.low = seconds(parameters["min"])
            self.high = seconds(parameters["max"])
        else:
            raise ValueError(f"unknown distribution {family}")

    def draw(self, rng):
        if self.family == "fixed":
            value = self.value
        elif self.family == "exponential":
            value = rng.expovariate(1.0 / self.mean)
        elif self.family == "lognormal":
            value = rng.lognormvariate(self.mu, self.sigma)
        else:
            value = rng.uniform(self.low, self.high)
        return max(0, round(value))


class Unit:
    def __init__(self, env, spec, scale):
        self.id = spec["unit"]
        staff = spec.get("staff", "unlimited")
        self.staff = None if staff == "unlimited" else max(1, math.floor(staff * scale + 0.5))
        self.resource = simpy.Resource(env, capacity=self.staff) if self.staff else None
        self.handling = Sampler(spec["handling"]) if "handling" in spec else None
        self.by_category = {name: Sampler(value) for name, value in spec.get("by_category", {}).items()}
        self.busy = 0.0


class Rule:
    """A work rule of the scenario: who works in a state and which transition follows."""

    def __init__(self, spec):
        self.state = spec["state"]
        self.unit = spec.get("unit")
        self.handling = Sampler(spec["handling"]) if "handling" in spec else None
        self.after = Sampler(spec["after"]) if "after" in spec else None
        reporter = spec.get("reporter")
        self.replies = parse_share(reporter["replies"]) if reporter else 0.0
        self.reply_delay = Sampler(reporter["delay"]) if reporter else None
        self.reply_event = reporter["event"] if reporter else None
        self.conditional = []
        plain = []
        for choice in spec.get("choices", []):
            when = choice.get("when")
            if when:
                dispositions = when.get("disposition", [])
                categories = when.get("category", [])
                self.conditional.append((
                    choice["event"],
                    set([dispositions] if isinstance(dispositions, str) else dispositions),
                    set([categories] if isinstance(categories, str) else categories)))
            else:
                plain.append(choice)
        rest = max(0.0, 1 - sum(parse_share(choice["share"]) for choice in plain if "share" in choice))
        self.unconditional = []
        total = 0.0
        for choice in plain:
            total += parse_share(choice["share"]) if "share" in choice else rest
            self.unconditional.append((total, choice["event"]))

    def choose(self, disposition, category, rng):
        for event, dispositions, categories in self.conditional:
            if dispositions and disposition not in dispositions:
                continue
            if categories and category not in categories:
                continue
            return event
        if len(self.unconditional) == 1:
            return self.unconditional[0][1]
        draw = rng.random() * self.unconditional[-1][0]
        for cumulative, event in self.unconditional:
            if draw < cumulative:
                return event
        return self.unconditional[-1][1]


class SLAPlan:
    REMINDER, BREACH, ESCALATION = 0, 1, 2

    def __init__(self, spec, workflow):
        self.id = spec["id"]
        self.target = parse_duration(spec["target"])
        self.working = self.target[1].startswith("working")
        self.starts = set(spec.get("starts", []))
        self.stops = set(spec.get("stops", []))
        self.pauses = set(spec.get("pauses", []))
        self.pauses |= {state["id"] for state in workflow["states"] if state.get("clocks") == "paused"}
        self.reminders = []
        for reminder in workflow.get("reminders", []):
            if reminder["sla"] == self.id:
                for point in reminder["at"]:
                    if not str(point).endswith("%"):
                        raise ValueError("only percentage reminder points are modelled")
                    self.reminders.append(int(str(point)[:-1]))
        self.escalations = []
        for escalation in workflow.get("escalations", []):
            if escalation["sla"] == self.id:
                self.escalations += [parse_duration(step["after_breach"]) for step in escalation["steps"]]


class Clock:
    """One SLA clock of a ticket; its process sleeps until the next mark."""

    __slots__ = ("plan", "status", "target", "consumed", "since", "marks", "breached", "stopped", "process",
                 "resumed")

    def __init__(self, plan):
        self.plan = plan
        self.status = "running"
        self.breached = None
        self.stopped = None
        self.resumed = None


class Ticket:
    __slots__ = ("category", "labels", "channel", "region", "unit", "disposition", "state", "clocks", "waited",
                 "closed")

    def __init__(self, category, labels, channel, region):
        self.category = category
        self.labels = labels
        self.channel = channel
        self.region = region
        self.clocks = {}
        self.waited = 0.0
        self.closed = None


STOP = "stop"
PAUSE = "pause"


class Model:
    def __init__(self, documents, scenario_name, period_from=None, period_until=None, scale=1.0, seasons=True,
                 seed=1):
        self.scenario = documents[("Scenario", scenario_name)]
        if period_from:
            self.scenario["period"]["from"] = period_from
        if period_until:
            self.scenario["period"]["until"] = period_until
        self.period_from = as_date(self.scenario["period"]["from"])
        self.period_until = as_date(self.scenario["period"]["until"])
        self.days = (self.period_until - self.period_from).days + 1
        self.end = self.days * 86400.0
        if len(self.scenario["workflows"]) != 1:
            raise ValueError("the model runs scenarios of one workflow")
        self.load = self.scenario["workflows"][0]
        self.workflow = documents[("Workflow", self.load["workflow"])]
        self.calendar = Calendar(documents[("Calendar", self.workflow["calendar"])], self.period_from)
        self.routing = documents[("RoutingTable", self.workflow["routing"])]["rules"]
        self.kpi = self.scenario.get("kpi_sla", self.workflow["slas"][0]["id"])
        if self.scenario.get("clock", "calendar") != "calendar":
            raise ValueError("the model runs scenarios on the working calendar")
        self.scale = scale
        self.seasons = seasons
        self.rng = random.Random(seed)
        self.seed = seed
        self.env = simpy.Environment()
        self.units = {spec["unit"]: Unit(self.env, spec, scale) for spec in self.scenario["units"]}
        self.rules = {spec["state"]: Rule(spec) for spec in self.load["work"]}
        self.transitions = {}
        for transition in self.workflow["transitions"]:
            sources = transition["from"]
            for source in [sources] if isinstance(sources, str) else sources:
                self.transitions[(source, transition["on"])] = transition["to"]
        self.terminal = {state["id"] for state in self.workflow["states"] if state.get("terminal")}
        self.initial = next(state["id"] for state in self.workflow["states"] if state.get("initial"))
        self.plans = [SLAPlan(spec, self.workflow) for spec in self.workflow["slas"]]
        self.tickets = []
        self.counts = {"transitions": 0, "reminders": 0, "breaches": 0, "escalations": 0, "pauses": 0,
                       "resumes": 0}
        self.prepare_arrivals()

    # MARK: Arrivals

    def prepare_arrivals(self):
        arrivals = self.load["arrivals"]
        self.streams = []
        for entry in arrivals["categories"]:
            rest = 1.0
            for mix in entry.get("labels", []):
                share = parse_share(mix["share"])
                self.streams.append((entry["category"], list(mix["labels"]), entry["rate"] * self.scale * share))
                rest -= share
            if rest > 1e-9:
                self.streams.append((entry["category"], [], entry["rate"] * self.scale * rest))
        hours = arrivals.get("hours", [1] * 24)
        self.hour_weights = [weight / sum(hours) for weight in hours]

        def cumulative(shares):
            total, result = 0.0, []
            for key, value in (shares or {}).items():
                total += parse_share(value)
                result.append((total, str(key)))
            return result

        self.channels = cumulative(arrivals.get("channels"))
        self.regions = cumulative(arrivals.get("regions"))
        weekdays = arrivals.get("weekdays", {})
        non_working = parse_share(arrivals.get("non_working_days", 1))
        trend = parse_share(arrivals.get("trend", 0))
        seasons = arrivals.get("seasons", []) if self.seasons else []
        first = as_date(self.load.get("from", self.period_from))
        last = as_date(self.load.get("until", self.period_until))
        self.day_rates = []
        for offset in range(self.days):
            day = self.period_from + datetime.timedelta(days=offset)
            if not first <= day <= last:
                self.day_rates.append([])
                continue
            factor = float(weekdays.get(WEEKDAYS[day.weekday()], 1))
            if day.weekday() < 5 and not self.calendar.is_working_day(day):
                factor *= non_working
            factor *= max(0.0, 1 + trend * offset / 365)
            total, rates = 0.0, []
            for category, labels, rate in self.streams:
                rate *= factor
                for season in seasons:
                    if not as_date(season["from"]) <= day <= as_date(season["until"]):
                        continue
                    if season.get("categories") and category not in season["categories"]:
                        continue
                    if season.get("labels") and not set(season["labels"]) & set(labels):
                        continue
                    rate *= season["factor"]
                total += rate
                rates.append(total)
            self.day_rates.append(rates)

    def arrivals(self):
        """A Poisson process whose rate is constant within each local hour."""
        env, rng = self.env, self.rng
        clock = 0.0
        while True:
            day = int(clock // 86400)
            if day >= self.days:
                return
            rates = self.day_rates[day]
            hour = min(23, int((clock - day * 86400) // 3600))
            segment_end = day * 86400 + (hour + 1) * 3600
            rate = (rates[-1] if rates else 0.0) * self.hour_weights[hour] / 3600
            if rate > 0:
                gap = rng.expovariate(rate)
                if clock + gap < segment_end:
                    clock += gap
                    yield env.timeout(math.floor(clock) - env.now)
                    stream = bisect.bisect_right(rates, rng.random() * rates[-1])
                    category, labels, _ = self.streams[min(stream, len(rates) - 1)]
                    ticket = Ticket(category, labels, self.pick(self.channels, rng), self.pick(self.regions, rng))
                    self.tickets.append(ticket)
                    env.process(self.lifecycle(ticket))
                    continue
            clock = segment_end

    @staticmethod
    def pick(shares, rng):
        draw = rng.random()
        for cumulative, key in shares:
            if draw < cumulative:
                return key
        return None

    def route(self, ticket):
        for rule in self.routing:
            when = rule.get("when")
            if rule.get("default"):
                return rule["route"], rule.get("disposition", "dispose")
            categories = when.get("category", [])
            if categories and ticket.category not in ([categories] if isinstance(categories, str) else categories):
                continue
            if not set(when.get("labels", [])) <= set(ticket.labels):
                continue
            channels = when.get("channel", [])
            if channels and ticket.channel not in ([channels] if isinstance(channels, str) else channels):
                continue
            regions = when.get("region", [])
            if regions and ticket.region not in ([regions] if isinstance(regions, str) else regions):
                continue
            return rule["route"], rule.get("disposition", "dispose")
        raise ValueError(f"no route for {ticket.category}")

    # MARK: SLA clocks

    def measure(self, plan, start, end):
        if plan.working:
            return self.calendar.working_seconds(start, end)
        return max(0.0, end - start)

    def after(self, plan, seconds, since):
        if seconds <= 0:
            return since
        if plan.working:
            return self.calendar.add_working_seconds(since, seconds)
        return since + seconds

    def start_clock(self, ticket, plan, paused):
        now = self.env.now
        clock = Clock(plan)
        clock.target = self.measure(plan, now, self.calendar.adding(plan.target, now))
        clock.marks = [((clock.target * percent + 99) // 100, SLAPlan.REMINDER, index)
                       for index, percent in enumerate(plan.reminders)]
        clock.marks.append((clock.target, SLAPlan.BREACH, 0))
        clock.marks.sort()
        clock.consumed = 0
        clock.since = now
        ticket.clocks[plan.id] = clock
        clock.process = self.env.process(self.run_clock(ticket, clock))
        if paused:
            self.pause_clock(clock)

    def run_clock(self, ticket, clock):
        """Sleeps until the clock's next mark and fires it; a pause or a stop interrupts the sleep."""
        env, plan = self.env, clock.plan
        while clock.marks:
            threshold, kind, index = clock.marks[0]
            due = self.after(plan, threshold - clock.consumed, clock.since)
            try:
                yield env.timeout(max(0.0, due - env.now)) if due != INF else env.event()
            except simpy.Interrupt as interrupt:
                if interrupt.cause is STOP:
                    return
                clock.consumed += self.measure(plan, clock.since, env.now)
                clock.since = None
                try:
                    yield clock.resumed
                except simpy.Interrupt:
                    return
                clock.since = env.now
                continue
            del clock.marks[0]
            if kind == SLAPlan.REMINDER:
                self.counts["reminders"] += 1
            elif kind == SLAPlan.BREACH:
                self.counts["breaches"] += 1
                clock.breached = env.now
                for step, later in enumerate(plan.escalations):
                    extra = self.measure(plan, env.now, self.calendar.adding(later, env.now))
                    clock.marks.append((clock.target + extra, SLAPlan.ESCALATION, step))
                clock.marks.sort()
            else:
                self.counts["escalations"] += 1

    def pause_clock(self, clock):
        clock.status = "paused"
        clock.resumed = self.env.event()
        self.counts["pauses"] += 1
        if clock.process.is_alive:
            clock.process.interrupt(PAUSE)

    def enter(self, ticket, state):
        """Starts, stops, pauses or resumes every SLA clock as `state` is entered."""
        closes = state in self.terminal
        for plan in self.plans:
            clock = ticket.clocks.get(plan.id)
            active = clock is not None and clock.status != "stopped"
            pauses = state in plan.pauses
            if active and (closes or state in plan.stops):
                clock.status = "stopped"
                clock.stopped = self.env.now
                if clock.process.is_alive:
                    clock.process.interrupt(STOP)
            elif not active and state in plan.starts and not closes:
                self.start_clock(ticket, plan, pauses)
            elif active:
                if clock.status == "running" and pauses:
                    self.pause_clock(clock)
                elif clock.status == "paused" and not pauses:
                    clock.status = "running"
                    self.counts["resumes"] += 1
                    if clock.process.is_alive:
                        clock.resumed.succeed()
        ticket.state = state

    # MARK: Tickets

    def lifecycle(self, ticket):
        """A ticket from arrival to close: the work rules of its states, one after another."""
        env, rng, calendar = self.env, self.rng, self.calendar
        ticket.unit, ticket.disposition = self.route(ticket)
        self.enter(ticket, self.initial)
        state = self.initial
        while state not in self.terminal:
            rule = self.rules.get(state)
            if rule is None:
                return
            if rule.unit is not None:
                unit = self.units[ticket.unit if rule.unit == "assigned" else rule.unit]
                sampler = rule.handling or unit.by_category.get(ticket.category) or unit.handling
                enqueued = env.now
                if unit.resource is None:
                    effort = sampler.draw(rng) if sampler else 0
                    ticket.waited += calendar.next_working_start(env.now) - enqueued
                    unit.busy += effort
                    yield env.timeout(calendar.add_working_seconds(env.now, effort) - env.now)
                else:
                    with unit.resource.request() as request:
                        yield request
                        effort = sampler.draw(rng) if sampler else 0
                        ticket.waited += calendar.next_working_start(env.now) - enqueued
                        unit.busy += effort
                        yield env.timeout(calendar.add_working_seconds(env.now, effort) - env.now)
                event = rule.choose(ticket.disposition, ticket.category, rng)
            elif rule.reply_event is not None and rng.random() < rule.replies:
                yield env.timeout(self.delay(rule.reply_delay, rng))
                event = rule.reply_event
            elif rule.after is not None:
                yield env.timeout(self.delay(rule.after, rng))
                event = rule.choose(ticket.disposition, ticket.category, rng)
            else:
                return
            state = self.transitions[(state, event)]
            self.counts["transitions"] += 1
            self.enter(ticket, state)
        ticket.closed = env.now

    def delay(self, sampler, rng):
        seconds = sampler.draw(rng)
        if sampler.working:
            return self.calendar.add_working_seconds(self.env.now, seconds) - self.env.now
        return seconds

    # MARK: Run and key figures

    def run(self):
        self.env.process(self.arrivals())
        self.env.run(until=self.end)
        return self.figures()

    def figures(self):
        def group(tickets):
            count = len(tickets)
            answered = breached = 0
            waited = 0.0
            for ticket in tickets:
                clock = ticket.clocks.get(self.kpi)
                if clock is not None:
                    answered += clock.status == "stopped"
                    breached += clock.breached is not None
                waited += ticket.waited
            return {
                "arrivals": count,
                "answered_pct": 100.0 * answered / count if count else 0.0,
                "breach_pct": 100.0 * breached / count if count else 0.0,
                "wait_mean_hours": waited / 3600 / count if count else 0.0,
            }

        by_unit = {}
        for ticket in self.tickets:
            by_unit.setdefault(ticket.unit, []).append(ticket)
        units = {name: group(tickets) for name, tickets in sorted(by_unit.items())}
        available = self.calendar.working_seconds(0, self.end)
        for unit in self.units.values():
            if unit.staff:
                units.setdefault(unit.id, {"arrivals": 0})["utilization_pct"] = (
                    100.0 * unit.busy / (unit.staff * available))
        result = group(self.tickets)
        result["tickets"] = len(self.tickets)
        result["closed"] = sum(ticket.closed is not None for ticket in self.tickets)
        result["units"] = units
        result["staff"] = {unit.id: unit.staff for unit in self.units.values() if unit.staff}
        result["counts"] = dict(self.counts)
        return result


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=".")
    parser.add_argument("--scenario", default="thr-2026")
    parser.add_argument("--from", dest="period_from", type=datetime.date.fromisoformat)
    parser.add_argument("--until", dest="period_until", type=datetime.date.fromisoformat)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every arrival rate and staff count")
    parser.add_argument("--no-seasons", action="store_true", help="drop the scenario's seasons")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gc", action="store_true", help="keep Python's cyclic garbage collector on during the run")
    arguments = parser.parse_args(argv)
    documents = load_workspace(arguments.workspace)
    model = Model(documents, arguments.scenario, arguments.period_from, arguments.period_until, arguments.scale,
                  not arguments.no_seasons, arguments.seed)
    # The run makes no reference cycles that outlive it; the cyclic collector would only rescan the live
    # tickets, clocks and events (about a third of the run time), so it is off unless --gc.
    if not arguments.gc:
        gc.disable()
    started, started_cpu = time.perf_counter(), time.process_time()
    figures = model.run()
    figures["seconds"] = time.perf_counter() - started
    figures["cpu_seconds"] = time.process_time() - started_cpu
    figures["simpy"] = getattr(simpy, "__version__", "?")
    figures["python"] = sys.version.split()[0]
    figures["gc"] = arguments.gc
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
