#!/usr/bin/env python3
"""Reference values for io.slipway.analysis tests (MannWhitneyTest, TwoProportionsTest, NormalTest).

Run with Debian's SciPy:  apt-get install -y python3-scipy && python3 scipy_reference.py
(values in the tests were produced with SciPy 1.10.1 / Python 3.11 from Debian 12; SciPy 1.17.1 gives the
same digits). Every number is printed with 17 significant digits next to the exact SciPy call.
"""
import math

import numpy as np
import scipy
from scipy import optimize, special, stats

print(f"# scipy {scipy.__version__}, numpy {np.__version__}")


def show(label, value):
    print(f"{label} = {value!r}")


# --- samples shared with the Java tests -------------------------------------------------------------
SMALL_X = [1, 2, 2, 3, 5, 8, 8, 8, 13]                   # candidate: ties inside and across samples
SMALL_Y = [2, 3, 3, 4, 8, 9, 10, 10, 11, 12, 12, 15]    # stable
NO_TIES_X = [0.8, 1.9, 3.1, 4.4, 5.6, 6.2, 7.7, 8.3, 9.9, 10.5]
NO_TIES_Y = [2.2, 3.6, 4.1, 5.0, 6.9, 7.1, 8.8, 9.4, 11.2, 12.6, 13.3, 14.1, 15.8]


def large_candidate(n):  # integer arithmetic then halves: identical in Java
    return [20 + (i * 7919) % 181 + ((i * 31) % 7) * 0.5 for i in range(n)]


def large_stable(n):
    return [20 + (j * 104729) % 173 + ((j * 17) % 5) * 0.5 for j in range(n)]


LARGE_X = large_candidate(20000)
LARGE_Y = large_stable(15000)


def mwu(name, x, y, alternative):
    r = stats.mannwhitneyu(x, y, alternative=alternative, method="asymptotic", use_continuity=True)
    print(f"# stats.mannwhitneyu({name}, alternative={alternative!r}, method='asymptotic', use_continuity=True)")
    show(f"MWU {name} {alternative} U", float(r.statistic))
    show(f"MWU {name} {alternative} p", float(r.pvalue))


for alt in ("two-sided", "greater", "less"):
    mwu("SMALL_X, SMALL_Y", SMALL_X, SMALL_Y, alt)
    mwu("NO_TIES_X, NO_TIES_Y", NO_TIES_X, NO_TIES_Y, alt)
    mwu("LARGE_X, LARGE_Y", LARGE_X, LARGE_Y, alt)

# Tolerance: candidate against stable scaled by (1 + tolerance), one-sided "candidate slower".
for tol in (0.02, 0.05):
    scaled = list(np.asarray(LARGE_Y, dtype=float) * (1 + tol))
    mwu(f"LARGE_X, LARGE_Y * (1 + {tol})", LARGE_X, scaled, "greater")
scaled_small = list(np.asarray(SMALL_Y, dtype=float) * (1 + 0.10))
mwu("SMALL_X, SMALL_Y * (1 + 0.1)", SMALL_X, scaled_small, "greater")


# --- two proportions ---------------------------------------------------------------------------------
def pooled_reference(x1, n1, x2, n2):
    """tolerance 0: the pooled z-test, via the uncorrected chi-square test of the 2x2 table (chi2 = z^2)."""
    chi2, p_two, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
    d = x1 / n1 - x2 / n2
    z = math.copysign(math.sqrt(chi2), d)
    print(f"# stats.chi2_contingency([[{x1}, {n1 - x1}], [{x2}, {n2 - x2}]], correction=False);"
          f" z = sign(d) * sqrt(chi2); p = stats.norm.sf(z)")
    show(f"TP {x1}/{n1} vs {x2}/{n2} tol 0 z", z)
    show(f"TP {x1}/{n1} vs {x2}/{n2} tol 0 p", float(stats.norm.sf(z)))


def margin_reference(x1, n1, x2, n2, delta):
    """tolerance delta > 0: score test with the restricted MLE under p1 - p2 = delta (Farrington-Manning),
    the MLE found numerically with scipy.optimize.brentq on the profile score (independent of the closed form)."""
    p1, p2 = x1 / n1, x2 / n2

    def score(q2):  # derivative of the log-likelihood along p1 = q2 + delta
        q1 = q2 + delta
        s = 0.0
        if x1: s += x1 / q1
        if n1 - x1: s -= (n1 - x1) / (1 - q1)
        if x2: s += x2 / q2
        if n2 - x2: s -= (n2 - x2) / (1 - q2)
        return s

    eps = 1e-15
    q2 = optimize.brentq(score, eps, 1 - delta - eps, xtol=1e-17, rtol=8.9e-16, maxiter=500)
    q1 = q2 + delta
    se = math.sqrt(q1 * (1 - q1) / n1 + q2 * (1 - q2) / n2)
    z = (p1 - p2 - delta) / se
    print(f"# restricted MLE q2 = optimize.brentq(score, ...) = {q2!r}; "
          f"z = (p1 - p2 - {delta}) / sqrt(q1(1-q1)/n1 + q2(1-q2)/n2); p = stats.norm.sf(z)")
    show(f"TP {x1}/{n1} vs {x2}/{n2} tol {delta} z", z)
    show(f"TP {x1}/{n1} vs {x2}/{n2} tol {delta} p", float(stats.norm.sf(z)))



pooled_reference(25, 1000, 10, 1000)
pooled_reference(7, 500, 30, 4500)
pooled_reference(3, 2000, 0, 2000)
pooled_reference(50, 2000, 10, 2000)
margin_reference(50, 2000, 10, 2000, 0.005)
margin_reference(20, 2000, 10, 2000, 0.005)
margin_reference(0, 1000, 5, 1000, 0.002)
margin_reference(12, 300, 150, 20000, 0.01)

# --- erfc, normal distribution -------------------------------------------------------------------------
for x in (0.0, 1e-10, 0.1, 0.46875, 0.5, 1.0, 2.0, 3.5, 4.0, 4.5, 6.0, 10.0, 26.0, -0.3, -1.0, -3.0):
    print(f"# special.erfc({x!r})")
    show(f"erfc {x!r}", float(special.erfc(x)))
for z in (0.0, 1.0, 1.959963984540054, 2.3263478740408408, 4.753424308822899, 7.0, 10.0, 20.0, 37.0):
    print(f"# stats.norm.sf({z!r})")
    show(f"norm.sf {z!r}", float(stats.norm.sf(z)))
for z in (-1.0, -5.0, -10.0, -30.0, 0.5):
    print(f"# stats.norm.cdf({z!r})")
    show(f"norm.cdf {z!r}", float(stats.norm.cdf(z)))
for p in (0.5, 0.975, 0.99, 0.999999, 1e-6, 1e-12, 1e-300, 0.02425, 0.3):
    print(f"# stats.norm.ppf({p!r})")
    show(f"norm.ppf {p!r}", float(stats.norm.ppf(p)))
