"""The city region's anchor institutions whose spend greatjobs holds (``anchors.toml``, data).

Each anchor is a body as the ledger names it, what kind of body it is, its district (none for a
body serving the whole area, such as the police) and the threshold of its published files, so
that bodies whose files cover different payments are never compared as if they were alike.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Anchor:
    body: str
    kind: str
    district: str
    """The body's own district (ONS code), or '' for a body serving the whole city region."""
    threshold: str
    """Which payments its published files hold ('payments over £500', 'every payment')."""


@cache
def anchors() -> tuple[Anchor, ...]:
    text = resources.files("greatjobs.spend").joinpath("anchors.toml").read_text("utf-8")
    return tuple(Anchor(**entry) for entry in tomllib.loads(text)["anchor"])


def anchor(body: str) -> Anchor | None:
    """The anchor of that name, if it is one."""
    return next((a for a in anchors() if a.body == body), None)


def anchor_area(body: str) -> frozenset[str] | None:
    """The districts an anchor serves: its own, or, for a body serving the whole city region
    (no district given, as the police), every anchor's district; None for a body not listed."""
    found = anchor(body)
    if found is None:
        return None
    if found.district:
        return frozenset({found.district})
    return frozenset(a.district for a in anchors() if a.district)
