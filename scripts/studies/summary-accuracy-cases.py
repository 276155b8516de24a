#!/usr/bin/env python3
"""Seeded data sets and their exact moments, for the summary-accuracy studies
(scripts/studies/merge-vs-oneshot.mjs; docs/accuracy.md).

For every trial: n values of one kind of data (normal with various means and sds, data centred
near zero, integers, 0/1 conversions, two-decimal values), written as raw little-endian f64 to
<dir>/<id>.f64, and in <dir>/manifest.json the exact mean, M2 and sample variance of those
binary64 values (as double-doubles: hi = the correctly rounded double, lo = the rounded rest),
the sample sd, max |x|, and numpy's np.mean / np.var(ddof=1) of the same array.

Method (exact moments): every finite double is an integer multiple of 2^-s for one s per array
(s = 53 − the smallest binary exponent among the non-zero values), so X_i = x_i·2^s is an
integer, exactly (np.ldexp only changes the exponent; asserted finite and integral). Then, in
Python integers, S = ΣX_i and Q = ΣX_i², the exact mean is S / (n·2^s) and the exact
M2 = Σ(x − mean)² = (n·Q − S²) / (n·2^(2s)), as `fractions.Fraction`; float(Fraction) is
correctly rounded. For n ≤ 2000 the sum is also checked against sum(map(Fraction, x)).

Usage:
    python3 scripts/studies/summary-accuracy-cases.py /tmp/summary-cases   (≈ 350 MB, ≈ 100 s)
    node scripts/studies/merge-vs-oneshot.mjs /tmp/summary-cases           (after npm run build)
Options: --quick (a tenth of the trials, sizes ≤ 1e5), --seed N (default 20261202).
"""
import argparse
import json
import math
import os
from fractions import Fraction

import numpy as np


def normal(mu, sd):
    return lambda rng, n: rng.normal(mu, sd, n)


def symmetric(sd):
    # y and −y for n/2 normal y, shuffled: the exact mean is 0 (n is made even)
    def make(rng, n):
        y = rng.normal(0.0, sd, n // 2)
        x = np.concatenate([y, -y])
        rng.shuffle(x)
        return x

    return make


def uniform_int(lo, hi):
    return lambda rng, n: rng.integers(lo, hi, n, endpoint=True).astype(np.float64)


def poisson(lam):
    return lambda rng, n: rng.poisson(lam, n).astype(np.float64)


def binary(p=None):
    def make(rng, n):
        q = rng.uniform() if p is None else p
        return (rng.uniform(size=n) < q).astype(np.float64)

    return make


def decimals(lo, hi):
    return lambda rng, n: np.round(rng.uniform(lo, hi, n), 2)


# (family, label, generator). Families: normal = data whose mean is large against sd/√n;
# near-zero = data centred at (or very near) zero; integer and binary = exactly representable
# sums; decimal = two-decimal values (prices, durations in ms with two decimals); zero-mean =
# data whose exact mean is 0 (errors in ulps are then infinite; absolute errors are reported).
KINDS = [
    ("normal", "N(1, 1)", normal(1.0, 1.0)),
    ("normal", "N(5, 2)", normal(5.0, 2.0)),
    ("normal", "N(100, 15)", normal(100.0, 15.0)),
    ("normal", "N(1e3, 1)", normal(1e3, 1.0)),
    ("normal", "N(1e6, 1)", normal(1e6, 1.0)),
    ("normal", "N(1e9, 1)", normal(1e9, 1.0)),
    ("normal", "N(-2.5e8, 1e-3)", normal(-2.5e8, 1e-3)),
    ("normal", "N(1e-3, 1e-4)", normal(1e-3, 1e-4)),
    ("near-zero", "N(0, 1)", normal(0.0, 1.0)),
    ("near-zero", "N(0, 1e-3)", normal(0.0, 1e-3)),
    ("near-zero", "N(0, 1e5)", normal(0.0, 1e5)),
    ("near-zero", "N(1e-3, 1)", normal(1e-3, 1.0)),
    ("near-zero", "N(0.05, 1)", normal(0.05, 1.0)),
    ("zero-mean", "±y, y ~ N(0, 1) (mean exactly 0)", symmetric(1.0)),
    ("integer", "integers 0..20", uniform_int(0, 20)),
    ("integer", "integers -50..50", uniform_int(-50, 50)),
    ("integer", "Poisson(1000)", poisson(1000.0)),
    ("integer", "integers 1e6..1e6+1000", uniform_int(1_000_000, 1_001_000)),
    ("binary", "0/1, p ~ U(0, 1)", binary()),
    ("binary", "0/1, p = 0.01", binary(0.01)),
    ("decimal", "two decimals in [0, 100)", decimals(0.0, 100.0)),
]

# (lowest n, highest n, trials): n log-uniform in each range; the last range always includes n = 1e6.
SIZES = [(10, 100, 40), (100, 1000, 30), (1000, 10_000, 20), (10_000, 100_000, 8), (100_000, 1_000_000, 3)]


def exact_moments(x):
    """Exact (S, Q, s): x_i = X_i·2^-s with integers X_i, S = ΣX_i, Q = ΣX_i²."""
    nz = x[x != 0]
    if nz.size == 0:
        return 0, 0, 0
    _, e = np.frexp(nz)
    s = int(53 - int(e.min()))
    scaled = np.ldexp(x, s)
    assert np.all(np.isfinite(scaled)) and np.all(scaled == np.trunc(scaled)), "scaling is not exact"
    ints = [int(v) for v in scaled.tolist()]
    return sum(ints), sum(i * i for i in ints), s


def dd(f):
    hi = float(f)
    return [hi, float(f - Fraction(hi))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sizes = [(lo, min(hi, 100_000), max(1, t // 10)) for lo, hi, t in SIZES] if args.quick else SIZES
    trials = []
    for k, (family, label, make) in enumerate(KINDS):
        for b, (lo, hi, count) in enumerate(sizes):
            for t in range(count):
                rng = np.random.default_rng([args.seed, k, b, t])
                n = int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
                if hi == 1_000_000 and t == 0:
                    n = hi
                if family == "zero-mean":
                    n += n % 2
                x = np.ascontiguousarray(make(rng, n), dtype="<f8")
                S, Q, s = exact_moments(x)
                mean = Fraction(S, n << s)
                m2 = Fraction(n * Q - S * S, n << (2 * s))
                if n <= 2000:
                    assert sum(map(Fraction, x.tolist())) == Fraction(S, 1 << s), "exact sum check failed"
                ident = f"{len(trials):05d}"
                x.tofile(os.path.join(args.dir, ident + ".f64"))
                trials.append(
                    {
                        "id": ident,
                        "family": family,
                        "kind": label,
                        "n": n,
                        "mean": dd(mean),
                        "m2": dd(m2),
                        "variance": dd(m2 / (n - 1)),
                        "sd": math.sqrt(float(m2 / (n - 1))),
                        "maxAbs": float(np.max(np.abs(x))),
                        "numpyMean": float(np.mean(x)),
                        "numpyVariance": float(np.var(x, ddof=1)),
                    }
                )
    meta = {
        "generator": "scripts/studies/summary-accuracy-cases.py",
        "seed": args.seed,
        "quick": args.quick,
        "numpy": np.__version__,
        "trials": trials,
    }
    with open(os.path.join(args.dir, "manifest.json"), "w") as f:
        json.dump(meta, f)
    print(f"{len(trials)} trials, {sum(t['n'] for t in trials)} values in {args.dir}")


if __name__ == "__main__":
    main()
