#!/usr/bin/env python3
"""Random arrays for the mean-rounding study (docs/accuracy.md; docs/bench-notes.md, "The kernel").

Writes JSON to stdout: for 3000 arrays (integers 0..20, two-decimal values in [0, 100), standard
normals; n from 2 to 5000) the values, the exactly computed mean rounded once to a double (Python
`fractions`), and numpy's mean. Usage:
    python3 scripts/studies/mean-rounding-cases.py > /tmp/mean-cases.json
    node scripts/studies/mean-rounding-check.mjs /tmp/mean-cases.json   (after npm run build)
"""
import json
import random
import sys
from fractions import Fraction

import numpy as np

random.seed(1)
cases = []
for _ in range(3000):
    n = random.choice([2, 3, 4, 5, 7, 10, 20, 50, 100, 200, 1000, 5000])
    kind = random.choice(["int", "dec", "norm"])
    if kind == "int":
        x = [float(random.randint(0, 20)) for _ in range(n)]
    elif kind == "dec":
        x = [round(random.uniform(0, 100), 2) for _ in range(n)]
    else:
        x = [random.gauss(0, 1) for _ in range(n)]
    exact = float(sum(Fraction(v) for v in x) / n)
    cases.append({"x": x, "exact": exact, "numpy": float(np.mean(np.array(x))), "kind": kind, "n": n})
json.dump(cases, sys.stdout)
