#!/usr/bin/env python3
"""A questionnaire answer file (docs/questionnaire.md) for the benchmarks.

    benches/questionnaire_answers.py SET_CSV ANSWERS [--order person|shuffled]

Reads the pool's question set as its CSV (`GET /pools/{pool}/questionnaire/set.csv`)
and writes, to standard output, about ANSWERS answer lines: for each of as many citizens
as needed, a baseline in 2019 and a follow-up twelve months later, answering every
question, spread over the demo's 89 applicant municipalities. The CPR numbers are valid
and made up, numbered from five million up so they do not meet the demo's citizens.

`--order person` (the default) keeps each measurement's lines together, as a vendor's
module writes them; `--order shuffled` puts every line in a random (fixed-seed) place,
so no two lines of a measurement are neighbours.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitoring_rows import applicants, cpr  # noqa: E402

FIRST_PERSON = 5_000_000


def read_set(path):
    """(code, kind, lo, hi, options) per question."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    out = []
    for row in csv.DictReader(io.StringIO(text), delimiter=delimiter):
        kind = row["kind"].strip().lower()
        lo = hi = 0
        options = 0
        rng = row.get("range", "").strip()
        if rng:
            sep = ".." if ".." in rng else "-"
            a, b = rng.split(sep, 1) if sep == ".." else rng.rsplit("-", 1)
            lo, hi = int(a), int(b)
        if kind in ("choice", "valg"):
            options = len(row["labels_da"].split("|"))
        out.append((row["code"].strip(), kind, lo, hi, options))
    return out


def answer(q, rnd):
    code, kind, lo, hi, options = q
    if kind in ("yes-no", "ja-nej", "yesno"):
        return rnd.choice(("ja", "nej"))
    if kind in ("choice", "valg"):
        return str(rnd.randint(1, options))
    return str(rnd.randint(lo, hi))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set_csv")
    parser.add_argument("answers", type=int)
    parser.add_argument("--order", choices=("person", "shuffled"), default="person")
    args = parser.parse_args()
    repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    questions = read_set(args.set_csv)
    codes = [c for c, _ in applicants(repo)]
    rnd = random.Random(2017)
    lines = []
    person = FIRST_PERSON
    while len(lines) < args.answers:
        number = cpr(person, person % 2 == 0)
        code = codes[person % len(codes)]
        day = 1 + person % 28
        baseline = datetime.date(2019, 1 + person % 12, day)
        follow = baseline.replace(year=2020)
        for kind, on in (("baseline", baseline), ("follow-up", follow)):
            for q in questions:
                lines.append(f"{number};{code:03};{kind};{on.isoformat()};;{q[0]};{answer(q, rnd)}")
        person += 1
    if args.order == "shuffled":
        random.Random(4).shuffle(lines)
    out = sys.stdout
    out.write("cpr;municipality_code;measurement;date;exit_reason;question;answer\n")
    for line in lines:
        out.write(line)
        out.write("\n")


if __name__ == "__main__":
    main()
