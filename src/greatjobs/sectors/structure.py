"""Measures of sector structure: location quotients, shift-share and specialisation.

Pure functions over employment (or GVA) by industry: ``e`` is a place's vector, ``E`` its
benchmark's (the region or England, which contains the place), indexed by industry. Notation:
``e_i`` place employment in industry i, ``e = sum_i e_i``; ``E_i``, ``E`` the same for the
benchmark; ``s_i = e_i / e`` and ``S_i = E_i / E`` the industry shares; a suffix 0 or 1 marks the
base and end years.

Checked in ``tests/lib/test_sectors.py`` against a hand-worked example (Farhauer and Kroell 2013,
as used in the R package REAT's documentation), REAT's published example values and invariants:
shift-share components add up to the actual change; ``sum_i S_i * LQ_i = 1``; Krugman = 2 *
Hoover. Formulas and references: ``docs/methods/sectors.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SHIFT_SHARE_COLUMNS = (
    "base",
    "end",
    "change",
    "national_share",
    "industry_mix",
    "competitive",
    "homothetic",
    "em_competitive",
    "allocation",
)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Element-wise ratio, NaN where the denominator is zero."""
    return numerator / denominator.where(denominator != 0)


def location_quotients(e: pd.Series, benchmark: pd.Series) -> pd.Series:
    """Location quotient ``LQ_i = (e_i / e) / (E_i / E)``.

    The industry's share of the place's employment over its share of the benchmark's; 1 means
    the same share, above 1 relative specialisation. Undefined (NaN) where ``E_i = 0``. Weighted by
    the benchmark shares they average to one: ``sum_i S_i * LQ_i = sum_i s_i = 1``.

    Reference: Isard, W. (1960) *Methods of Regional Analysis*, MIT Press; REAT ``locq``.
    """
    return _ratio(e / e.sum(), benchmark / benchmark.sum())


def shift_share(
    e0: pd.Series, e1: pd.Series, benchmark0: pd.Series, benchmark1: pd.Series
) -> pd.DataFrame:
    """Shift-share decomposition of each industry's change ``e1_i - e0_i``, two ways.

    Growth rates: ``G = E1 / E0 - 1`` (benchmark, all industries), ``G_i = E1_i / E0_i - 1``
    (benchmark, industry i), ``g_i = e1_i / e0_i - 1`` (place, industry i).

    Classic decomposition (Dunn 1960)::

        national_share = e0_i * G
        industry_mix   = e0_i * (G_i - G)
        competitive    = e0_i * (g_i - G_i)   computed as (e1_i - e0_i) - e0_i * G_i

    so ``national_share + industry_mix + competitive = e1_i - e0_i`` exactly.

    Esteban-Marquillas (1972) split of the competitive component, with the homothetic
    employment the place would have with the benchmark's structure, ``e*_i = e0 * E0_i / E0``::

        em_competitive = e*_i * (g_i - G_i)
        allocation     = (e0_i - e*_i) * (g_i - G_i)

    so ``em_competitive + allocation = competitive``. The allocation effect is positive where the
    place is specialised (``e0_i > e*_i``) in industries where it grows faster than the benchmark
    (or under-represented where it grows slower).

    Conventions where a rate is undefined: ``G_i = 0`` where ``E0_i = 0`` (then ``e0_i = 0`` too,
    as the benchmark contains the place); where ``e0_i = 0`` the place's rate ``g_i`` is undefined,
    so ``em_competitive = 0`` and any change (an industry appearing) is all ``allocation``. The
    sums are exact either way.

    References: Dunn, E.S. (1960) 'A statistical and analytical technique for regional analysis',
    *Papers of the Regional Science Association* 6, 97-112. Esteban-Marquillas, J.M. (1972) 'A
    reinterpretation of shift-share analysis', *Regional and Urban Economics* 2(3), 249-255.
    """
    growth = benchmark1.sum() / benchmark0.sum() - 1.0
    industry_growth = _ratio(benchmark1, benchmark0).sub(1.0).fillna(0.0)
    change = e1 - e0
    national = e0 * growth
    mix = e0 * (industry_growth - growth)
    competitive = change - e0 * industry_growth
    homothetic = e0.sum() * benchmark0 / benchmark0.sum()
    place_growth = _ratio(e1, e0).sub(1.0)
    em_competitive = (homothetic * (place_growth - industry_growth)).where(e0 != 0, 0.0)
    allocation = competitive - em_competitive
    return pd.DataFrame(
        {
            "base": e0,
            "end": e1,
            "change": change,
            "national_share": national,
            "industry_mix": mix,
            "competitive": competitive,
            "homothetic": homothetic,
            "em_competitive": em_competitive,
            "allocation": allocation,
        }
    )


def hoover(e: pd.Series, benchmark: pd.Series) -> float:
    """Hoover coefficient of specialisation ``H = 1/2 * sum_i |s_i - S_i|`` (0 to 1).

    The share of the place's employment that would have to change industry for it to have the
    benchmark's structure. Reference: Hoover, E.M. (1936) 'The measurement of industrial
    localization', *Review of Economics and Statistics* 18(4), 162-171; REAT ``hoover``.
    """
    return 0.5 * krugman(e, benchmark)


def krugman(e: pd.Series, benchmark: pd.Series) -> float:
    """Krugman specialisation index ``K = sum_i |s_i - S_i|`` (0 identical structures, 2 none in
    common); ``K = 2 * H``. Reference: Krugman, P. (1991) *Geography and Trade*, MIT Press;
    REAT ``krugman.spec``."""
    return float(np.abs(e / e.sum() - benchmark / benchmark.sum()).sum())


def locational_gini(e: pd.Series, benchmark: pd.Series) -> float:
    """Gini coefficient of regional specialisation (locational Gini), 0 to 1.

    With the location quotients ``R_i`` of the ``n`` industries the benchmark has (``E_i > 0``)
    sorted in ascending order and ``R`` their mean::

        G = 2 / (n^2 * R) * sum_{k=1..n} k * (R_(k) - R)

    0 when every LQ is 1 (the benchmark's structure), towards 1 when employment is concentrated
    in few industries relative to the benchmark. It depends on ``n``, so compare places only at
    the same industry level. Reference: Farhauer, O. and Kroell, A. (2013) *Standorttheorien*,
    Springer; as implemented in REAT ``gini.spec`` (T. Wieland), whose example gives 0.6222222.
    """
    lq = location_quotients(e, benchmark).dropna().sort_values().to_numpy()
    n = len(lq)
    if n == 0 or lq.mean() == 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float(2.0 / (n**2 * lq.mean()) * np.sum(ranks * (lq - lq.mean())))


def herfindahl(e: pd.Series) -> float:
    """Herfindahl index of concentration ``HHI = sum_i s_i^2`` (1/n when spread evenly over n
    industries, 1 when all in one). Reference: Herfindahl, O.C. (1950) *Concentration in the
    Steel Industry*, PhD thesis, Columbia University; REAT ``herf`` (its example: 0.34)."""
    shares = e / e.sum()
    return float((shares**2).sum())


def herfindahl_normalised(e: pd.Series) -> float:
    """``(HHI - 1/n) / (1 - 1/n)`` over the ``n`` industries given: 0 even, 1 all in one
    industry (REAT ``herf(coefnorm = TRUE)``, its example: 0.12)."""
    n = len(e)
    return float((herfindahl(e) - 1.0 / n) / (1.0 - 1.0 / n))


def specialisation(e: pd.Series, benchmark: pd.Series) -> dict[str, float]:
    """Every specialisation measure for a place against its benchmark, by name."""
    return {
        "hoover": hoover(e, benchmark),
        "krugman": krugman(e, benchmark),
        "locational_gini": locational_gini(e, benchmark),
        "herfindahl": herfindahl(e),
        "herfindahl_benchmark": herfindahl(benchmark),
    }
