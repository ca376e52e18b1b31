#!/usr/bin/env python3
"""Reference values for the A/B/n experiment statistics tests (StudentTTest, BetaTest, ...).

Run with Debian's packages:  apt-get install -y python3-scipy python3-mpmath && python3 experiment_reference.py
(values in the tests were produced with mpmath 1.2.1 at 40 significant digits and SciPy 1.10.1, Debian 12).
mpmath is the reference wherever it can be (the t distribution, the incomplete beta, log-gamma): SciPy
1.10's stats.t.ppf (cephes stdtri) is only good to about 1e-9 relative, e.g. t.ppf(0.995, 10) =
3.169272667175838 where the root of t.sf(t, 10) = 0.005 is 3.1692726726169...
"""
import math

import mpmath
import scipy
from scipy import stats

mpmath.mp.dps = 40
print(f"# mpmath {mpmath.__version__}, scipy {scipy.__version__}")


def f(x):
    return repr(float(x))


def t_two_sided(t, df):
    """P(|T| > |t|) = I_x(df/2, 1/2), x = df / (df + t^2) (Abramowitz and Stegun 26.7.1)."""
    t, df = mpmath.mpf(t), mpmath.mpf(df)
    return mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True)


def t_quantile(p, df):
    """The t with P(T <= t) = p, by mpmath.findroot on the two-sided tail."""
    p, df = mpmath.mpf(p), mpmath.mpf(df)
    q = min(p, 1 - p)
    start = mpmath.mpf(stats.t.isf(float(q), float(df)))
    root = mpmath.findroot(lambda t: t_two_sided(t, df) - 2 * q, start, tol=mpmath.mpf(10) ** -35)
    return root if p > 0.5 else -root


print("# --- StudentTTest: {df, t, P(|T| > |t|)} with t_two_sided(t, df) ---")
for df, t in [(0.5, 0.1), (0.5, 1e5), (3.5, 2), (3.5, 1e5), (10, 2.228), (10, 50), (10, 1e5), (30, 2.0),
              (30, 50), (123.4567, 0.75), (1000, 1.96), (1000, 5), (1e5, 2.5), (1e7, 1.96), (1e7, 5),
              (5e8, 3), (8.5, 0.001), (1e10, 3), (1e15, 1.8), (1e15, 10)]:
    print(f"{{{df!r}, {t!r}, {f(t_two_sided(t, df))}}},")

print("# --- StudentTTest: {p, df, t with P(T <= t) = p} with t_quantile(p, df) ---")
for p, df in [(0.975, 0.5), (0.995, 3.5), (0.975, 10), (0.995, 10), (0.975, 30), (0.975, 1000),
              (0.9995, 1e5), (0.975, 1e7), (1e-10, 7.25), (0.6, 20), (1e-30, 4), (0.025, 123.4567)]:
    print(f"{{{p!r}, {df!r}, {f(t_quantile(p, df))}}},")

print("# --- BetaTest: {x, a, b, I_x(a, b)} with mpmath.betainc(a, b, 0, x, regularized=True) ---")
for x, a, b in [(0.3, 2, 3), (0.9, 0.5, 0.5), (1e-3, 5e7, 0.5), (0.999999, 5e7, 0.5), (0.5, 200, 300),
                (0.01, 1e-3, 50), (0.7, 20, 25), (0.99999999, 5e8, 0.5), (0.32, 1000, 2000), (1 - 9e-15, 5e14, 0.5)]:
    print(f"{{{x!r}, {a!r}, {b!r}, {f(mpmath.betainc(a, b, 0, x, regularized=True))}}},")

print("# --- BetaTest: {a, b, log B(a, b)} with mpmath.log(mpmath.beta(a, b)) ---")
for a, b in [(0.5, 0.5), (3, 4), (5e7, 0.5), (12.5, 300), (1e-3, 50), (250.5, 0.5), (1e6, 2e6)]:
    print(f"{{{a!r}, {b!r}, {f(mpmath.log(mpmath.beta(a, b)))}}},")

print("# --- BetaTest: {x, log Gamma(x)} with mpmath.loggamma(x) ---")
for x in [1e-3, 0.5, 1.5, 3, 9.99, 10, 100.5, 1e7]:
    print(f"{{{x!r}, {f(mpmath.loggamma(x))}}},")


# --- WilsonScoreTest -------------------------------------------------------------------------------------
def wilson(x, n, level=0.95):
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=level, method="wilson")
    return ci.low, ci.high


print("# --- WilsonScoreTest: {x, n, level, low, high} with stats.binomtest(x, n).proportion_ci(level, 'wilson') ---")
for x, n, level in [(81, 263, 0.95), (15, 148, 0.95), (0, 20, 0.95), (1, 29, 0.95), (29, 29, 0.95),
                    (130, 1000, 0.95), (100, 1000, 0.95), (7, 20000, 0.99), (12345, 20000, 0.9)]:
    lo, hi = wilson(x, n, level)
    print(f"{{{x}, {n}, {level}, {f(lo)}, {f(hi)}}},")


def newcombe(x1, n1, x2, n2, level=0.95):
    """Newcombe's method 10 built on SciPy's Wilson intervals."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, level)
    l2, u2 = wilson(x2, n2, level)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


print("# --- WilsonScoreTest: {x1, n1, x2, n2, low, high} with newcombe(x1, n1, x2, n2) ---")
for c in [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (0, 10, 0, 10),
          (10, 10, 0, 20), (10, 10, 0, 10), (130, 1000, 100, 1000)]:
    lo, hi = newcombe(*c)
    print(f"{{{c[0]}, {c[1]}, {c[2]}, {c[3]}, {f(lo)}, {f(hi)}}},")


# --- WelchTestTest ---------------------------------------------------------------------------------------
def welch(label, m1, s1, n1, m2, s2, n2, level=0.95):
    r = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    v1, v2 = mpmath.mpf(s1) ** 2 / n1, mpmath.mpf(s2) ** 2 / n2
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    se = mpmath.sqrt(v1 + v2)
    t = (mpmath.mpf(m1) - m2) / se
    half = t_quantile((1 + level) / 2, df) * se
    print(f"# {label}: stats.ttest_ind_from_stats({m1}, {s1}, {n1}, {m2}, {s2}, {n2}, equal_var=False)"
          f" t = {r.statistic!r}, p = {r.pvalue!r}; mpmath:")
    print(f"t = {f(t)}, df = {f(df)}, p = {f(t_two_sided(t, df))}, ci = {f(mpmath.mpf(m1) - m2 - half)}"
          f" to {f(mpmath.mpf(m1) - m2 + half)}")


A = [19, 22, 16, 29, 24]
B = [20, 11, 17, 12]
r = stats.ttest_ind(A, B, equal_var=False)
print(f"# stats.ttest_ind({A}, {B}, equal_var=False) = {r.statistic!r}, {r.pvalue!r}")
welch("small", 22, math.sqrt(24.5), 5, 15, math.sqrt(18), 4)
welch("large", 203, 60, 4000, 200, 50, 5000)
welch("large 99 %", 203, 60, 4000, 200, 50, 5000, 0.99)


# --- ExperimentReportTest --------------------------------------------------------------------------------
def pooled(x1, n1, x2, n2):
    """Two-sided pooled two-proportion z-test: the uncorrected chi-square test of the 2x2 table, z^2 = chi2."""
    chi2, p, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
    return math.copysign(math.sqrt(chi2), x1 / n1 - x2 / n2), p


print("# --- ExperimentReportTest: z and two-sided p with stats.chi2_contingency(table, correction=False) ---")
for x1, n1, x2, n2 in [(130, 1000, 100, 1000), (260, 2000, 200, 2000), (240, 2000, 200, 2000),
                       (205, 2000, 200, 2000), (0, 10000, 50, 10000)]:
    z, p = pooled(x1, n1, x2, n2)
    print(f"# {x1}/{n1} vs {x2}/{n2}: z = {f(z)}, p = {f(p)}")
half = t_quantile(0.975, 4999) * 50 / mpmath.sqrt(5000)
print(f"# mean 200, sd 50, n 5000: 200 -+ t_quantile(0.975, 4999) * 50 / sqrt(5000) = {f(200 - half)} to {f(200 + half)}")
