"""Statistical constants shared by every analysis: one confidence level, one critical value."""

from __future__ import annotations

CONFIDENCE = 0.95
"""Every interval greatjobs gives is a 95% interval."""

PERCENTILES = (2.5, 97.5)
"""The percentiles of a simulation's draws that bound every interval:
``100 × (1 ∓ CONFIDENCE) / 2``."""

LEVEL = f"{CONFIDENCE:.0%}"
"""The level written beside every interval: '95%'."""

INTERVAL_WORDS = f"{LEVEL} interval (2.5th to 97.5th percentile of the draws)"
"""How every face describes a Monte Carlo interval."""

Z95 = 1.959963984540054
"""The standard normal's two-sided 95% critical value (``NormalDist().inv_cdf(0.975)``)."""
