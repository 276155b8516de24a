#!/usr/bin/env python3
"""How much of the mean's error comes from rounding x − P, for the kernel's pivot P = x₀ (the
batch's first value) and for the same pivot rounded to 24 significant bits (float32).

An emulation of one step of the kernel, not of the kernel: for every array written by
summary-accuracy-cases.py it computes exactly (Python integers) the error Σ fl(x − P) − Σ(x − P)
of the pivot subtraction, divided by n — the part of the mean's error that the roundings of
x − P contribute before any addition — in units of ε·sd/√n and ε·sd (ε = 2^-52). The lane and
block additions of the kernel are left out (in the measured kernel they contribute far less).

Usage (after summary-accuracy-cases.py):
    python3 scripts/studies/pivot-rounding.py /tmp/summary-cases
"""
import json
import math
import os
import sys
from fractions import Fraction

import numpy as np

EPS = 2.0**-52


def exact_sum(x):
    """Σx exactly, as a Fraction (every double is an integer multiple of 2^-s)."""
    nz = x[x != 0]
    if nz.size == 0:
        return Fraction(0)
    _, e = np.frexp(nz)
    s = int(53 - int(e.min()))
    scaled = np.ldexp(x, s)
    assert np.all(np.isfinite(scaled)) and np.all(scaled == np.trunc(scaled)), "scaling is not exact"
    return Fraction(sum(int(v) for v in scaled.tolist()), 1 << s)


def subtraction_error(x, pivot):
    """(Σ fl(x − P) − Σ(x − P)) / n, exactly, as a float."""
    d = x - pivot  # numpy rounds each difference once, as the kernel does
    return float((exact_sum(d) - (exact_sum(x) - len(x) * Fraction(pivot))) / len(x))


def main():
    folder = sys.argv[1]
    trials = json.load(open(os.path.join(folder, "manifest.json")))["trials"]
    rows = {}
    for t in trials:
        if t["sd"] == 0:
            continue
        x = np.fromfile(os.path.join(folder, t["id"] + ".f64"), dtype="<f8")
        n = len(x)
        x0 = float(x[0])
        rounded = float(np.float32(x0)) if abs(x0) < 2.0**127 else x0
        sem_unit = EPS * t["sd"] / math.sqrt(n)
        row = rows.setdefault(t["family"], {"arrays": 0, "x0 sem": 0.0, "x0 sd": 0.0, "f32 sem": 0.0, "f32 sd": 0.0})
        row["arrays"] += 1
        for key, pivot in (("x0", x0), ("f32", rounded)):
            err = abs(subtraction_error(x, pivot))
            row[f"{key} sem"] = max(row[f"{key} sem"], err / sem_unit)
            row[f"{key} sd"] = max(row[f"{key} sd"], err / (EPS * t["sd"]))
    print("| family | arrays | P = x₀: ÷ ε·sd/√n | ÷ ε·sd | P = float32(x₀): ÷ ε·sd/√n | ÷ ε·sd |")
    print("|---|---|---|---|---|---|")
    for family, r in rows.items():
        print(
            f"| {family} | {r['arrays']} | {r['x0 sem']:.2f} | {r['x0 sd']:.3f} | {r['f32 sem']:.2f} | {r['f32 sd']:.3f} |"
        )


if __name__ == "__main__":
    main()
