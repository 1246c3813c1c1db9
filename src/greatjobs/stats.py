"""Statistical constants shared by every analysis: one confidence level, one critical value."""

from __future__ import annotations

CONFIDENCE = 0.95
"""Every interval greatjobs gives is a 95% interval."""

Z95 = 1.959963984540054
"""The standard normal's two-sided 95% critical value (``NormalDist().inv_cdf(0.975)``)."""
