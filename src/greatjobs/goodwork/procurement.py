"""A supplier's charter status by organisation name, for social value and spend analysis.

The caller (the web app, a script) passes the charter records it holds; names are matched after
:func:`greatjobs.text.normalise_name` (case, punctuation, '&' and a trailing 'Ltd'/'Limited'
ignored). Only a verified assessment gives a charter status; a self-assessment awaiting
verification is reported as such, never as a tier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from greatjobs.text import normalise_name

SUFFIXES = re.compile(r"\b(ltd|limited|plc|llp|cic|cio)$")


@dataclass(frozen=True)
class CharterRecord:
    organisation: str
    framework_id: str
    tier_name: str
    verified: bool
    decided_on: dt.date


@dataclass(frozen=True)
class CharterStatus:
    organisation: str
    status: str
    """'verified', 'awaiting verification' or 'no assessment'."""
    tier_name: str | None
    framework_id: str | None
    decided_on: dt.date | None

    @property
    def has_verified_tier(self) -> bool:
        return self.status == "verified" and self.tier_name not in (None, "No tier yet")


def match_key(name: str) -> str:
    return SUFFIXES.sub("", normalise_name(name)).strip()


def supplier_charter_status(name: str, records: Iterable[CharterRecord]) -> CharterStatus:
    """The latest verified charter status of the organisation called ``name``."""
    key = match_key(name)
    mine = sorted(
        (r for r in records if match_key(r.organisation) == key),
        key=lambda r: r.decided_on,
    )
    verified = [r for r in mine if r.verified]
    if verified:
        r = verified[-1]
        return CharterStatus(name, "verified", r.tier_name, r.framework_id, r.decided_on)
    if mine:
        r = mine[-1]
        return CharterStatus(name, "awaiting verification", None, r.framework_id, r.decided_on)
    return CharterStatus(name, "no assessment", None, None, None)
