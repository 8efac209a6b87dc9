#!/usr/bin/env python3
"""Monitoring rows for the demo's 89 applicant municipalities, continuing the demo.

Writes a monitoring file (docs/monitoring.md) to standard output: the same citizens as
`tilskud demo` loads (`file::demo_rows` with seed 2017 over the demo's target-group
figures, ported here line for line), month after month from September 2019, the month
after the demo's last (August 2019). Every month has each municipality's whole gross
target group, in the order `demo_rows` writes them (month, then municipality code, then
person), so the rows are spread over the municipalities by their target groups and a
person keeps their CPR number, municipality and group from month to month.

The demo's story gives each municipality a course of its own (`file::DemoCourse`,
`demo::story`); these rows follow the status note's course for every municipality
(`DemoCourse::STATUS_NOTE`), so a person the story had assessed may show as not yet
assessed again. That is fine for what they are for: volume for the benchmarks.

    benches/monitoring_rows.py ROWS [SKIP]   # rows SKIP .. ROWS of the stream

The stream is cut after ROWS rows, possibly inside a municipality's month (that month
then lacks some citizens, as a late report would). With SKIP, the output starts at the
beginning of the municipality-month that holds row SKIP, not at SKIP itself: an import
replaces whole municipality-months, so a file continuing an earlier one must repeat the
rows of the month the earlier one cut. Importing `ROWS1` and then `ROWS2 ROWS1` leaves
the same rows as importing `ROWS2` at once.

`--first-month-index 0` starts at the demo's own first month (August 2017) instead: its
rows are then exactly `file::demo_rows(2017, …)` (a check of the port).
"""

import argparse
import csv
import datetime
import os
import sys

MASK = (1 << 64) - 1
SEED = 2017
# Municipalities that do not apply in the demo (src/demo/mod.rs, NOT_APPLYING).
NOT_APPLYING = {825, 563, 741, 492, 155, 223, 230, 157, 201}
# August 2017, the demo's first month (month index 0), as year * 12 + month - 1;
# index 25 is September 2019, the month after the demo's story (demo::story::MONTHS).
FIRST_MONTH = 2017 * 12 + 7
DEMO_MONTHS = 25
BIRTH_DAYS = 18_262


def mix(z):
    """SplitMix64's finaliser, as `file::mix`."""
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def applicants(repo):
    """(code, target group) of the demo's applicants, as `demo::illustrative_counts`."""
    path = os.path.join(repo, "src", "domain", "municipalities.csv")
    with open(path, encoding="utf-8") as f:
        codes = sorted(int(r["municipality_code"]) for r in csv.DictReader(f))
    fixed = {101: 3100, 751: 1450, 461: 1200, 851: 900, 615: 320}
    return [(c, fixed.get(c, 64 + (c * 7919) % 301)) for c in codes if c not in NOT_APPLYING]


def cpr(person, dash):
    """`file::demo_cpr`: a real birth date in 1950-1999, unique per person."""
    shift = mix(SEED)
    day_index = (person % BIRTH_DAYS * 7_919 + shift % BIRTH_DAYS) % BIRTH_DAYS
    serial = ((person // BIRTH_DAYS) * 1_237 + (shift >> 32)) % 4_000
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=day_index)
    return f"{born.day:02}{born.month:02}{born.year % 100:02}{'-' if dash else ''}{serial:04}"


class Person:
    """What `file::demo_line` draws once per person, whatever the month."""

    __slots__ = ("n", "cpr", "assessed_from", "group", "broker", "broker_lag",
                 "outcome_draw", "outcome", "flex_draw")

    def __init__(self, n):
        self.n = n
        per_mille = lambda salt: self.draw(salt) % 1000
        self.cpr = cpr(n, per_mille(8) < 500)
        a = per_mille(1)
        # The first month index m with a < 930 - 930/2^(m+1); none if a >= 930.
        self.assessed_from = next((m for m in range(64) if a < 930 - (930 >> min(m + 1, 63))), None)
        u = per_mille(2)
        self.group = 1 if u < 540 else 2 if u < 870 else 3
        self.broker = per_mille(3) < 770
        self.broker_lag = self.draw(4) % 2
        self.outcome_draw = per_mille(5)
        d = self.draw(6) % 10
        self.outcome = "job" if d <= 4 else "uddannelse" if d <= 6 else "fleksjob"
        self.flex_draw = per_mille(7)

    def draw(self, salt):
        return mix(SEED ^ mix(self.n ^ mix(salt)))

    def line(self, code, month, index):
        if self.assessed_from is None or self.assessed_from > index:
            return f"{self.cpr},{code:03},{month},0,nej,nej,0,ingen"
        since = index - self.assessed_from
        if self.group == 2:
            outcome = "fleksjob" if self.flex_draw < 150 and since >= 2 else "ingen"
            return f"{self.cpr},{code:03},{month},2,nej,nej,0,{outcome}"
        if self.group == 3:
            return f"{self.cpr},{code:03},{month},3,nej,nej,0,ingen"
        monthly = lambda salt: self.draw(salt * 1000 + index) % 1000
        broker = self.broker and since >= self.broker_lag
        outcome = self.outcome if self.outcome_draw < min(10 * since, 300) else "ingen"
        offer = monthly(10) < 230
        quarters = self.draw(12 * 1000 + index) % 120
        centihours = 0
        if outcome == "job":
            centihours = (120 + quarters * 4) * 25
        elif monthly(11) < 100:
            centihours = (120 + quarters) * 25 if monthly(13) < 150 else (1 + quarters % 119) * 25
        whole, frac = divmod(centihours, 100)
        hours = str(whole) if frac == 0 else f"{whole}.{frac // 10}" if frac % 10 == 0 else f"{whole}.{frac:02}"
        yn = lambda b: "ja" if b else "nej"
        return f"{self.cpr},{code:03},{month},1,{yn(broker)},{yn(offer)},{hours},{outcome}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rows", type=int, help="end of the stream's slice (rows)")
    parser.add_argument("skip", type=int, nargs="?", default=0, help="rows already imported")
    parser.add_argument("--first-month-index", type=int, default=DEMO_MONTHS)
    args = parser.parse_args()
    repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    munis = applicants(repo)
    per_month = sum(n for _, n in munis)
    # Row offsets of each municipality's first person within a month.
    starts, people = [], []
    for code, n in munis:
        starts.append(sum(len(p) for p in people))
        people.append([Person(starts[-1] + i) for i in range(n)])
    month_index, rest = divmod(args.skip, per_month)
    j = max(i for i, s in enumerate(starts) if s <= rest)
    row = month_index * per_month + starts[j]
    out = sys.stdout
    out.write("cpr,municipality_code,month,group,job_broker,company_offer,ordinary_hours,outcome\n")
    written = 0
    while row < args.rows:
        index = args.first_month_index + month_index
        y, m = divmod(FIRST_MONTH + index, 12)
        month = f"{y:04}-{m + 1:02}"
        code = munis[j][0]
        take = people[j][: args.rows - row]
        out.write("".join(p.line(code, month, index) + "\n" for p in take))
        written += len(take)
        row += len(take)
        j += 1
        if j == len(munis):
            j, month_index = 0, month_index + 1
    print(f"{written} rows, {per_month} citizens a month, up to {month}", file=sys.stderr)


if __name__ == "__main__":
    main()
