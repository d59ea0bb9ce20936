"""SimPy model of the M/M/c scenario of Tests/Fixtures/simulation/mmc.yaml, for `lapor bench simulate`.

Poisson arrivals at `rate` a day around the clock, one unit of `staff` servers, exponential handling
with mean `mean_hours`, an SLA of `sla_hours` elapsed from arrival to close. Prints one JSON line with
the same key figures Lapor reports: arrivals, waiting probability, mean wait (hours), breach % and
utilization %, and the wall time of the run.
"""
import json
import random
import sys
import time

import simpy


def run(days, rate, staff, mean_hours, sla_hours, seed):
    random.seed(seed)
    env = simpy.Environment()
    unit = simpy.Resource(env, capacity=staff)
    horizon = days * 24.0
    stats = {"arrivals": 0, "waited": 0, "wait_sum": 0.0, "breached": 0, "busy": 0.0, "closed": 0}

    def ticket(env):
        arrived = env.now
        stats["arrivals"] += 1
        # The SLA timer, as Lapor's breach timer: fires unless the ticket closed first.
        done = env.event()
        env.process(sla_timer(env, done))
        with unit.request() as request:
            yield request
            wait = env.now - arrived
            stats["wait_sum"] += wait
            if wait > 0:
                stats["waited"] += 1
            service = random.expovariate(1.0 / mean_hours)
            stats["busy"] += service
            yield env.timeout(service)
        stats["closed"] += 1
        done.succeed()

    def sla_timer(env, done):
        result = yield done | env.timeout(sla_hours)
        if done not in result:
            stats["breached"] += 1

    def arrivals(env):
        while True:
            yield env.timeout(random.expovariate(rate / 24.0))
            if env.now >= horizon:
                return
            env.process(ticket(env))

    env.process(arrivals(env))
    env.run(until=horizon)
    n = stats["arrivals"]
    return {
        "arrivals": n,
        "wait_probability": stats["waited"] / n,
        "wait_mean_hours": stats["wait_sum"] / n,
        "breach_pct": 100.0 * stats["breached"] / n,
        "utilization_pct": 100.0 * stats["busy"] / (staff * horizon),
    }


if __name__ == "__main__":
    days, rate, staff, mean_hours, sla_hours, seed = sys.argv[1:7]
    start = time.perf_counter()
    figures = run(int(days), float(rate), int(staff), float(mean_hours), float(sla_hours), int(seed))
    figures["seconds"] = time.perf_counter() - start
    print(json.dumps(figures))
