"""Guards against double counting, as rules the faces call before valuing anything.

1. The same person may be counted under only one disadvantaged measure (e.g. not as both
   "long-term unemployed hired" and "disabled person hired"): the first claim, in the order given,
   stands; the rest are excluded.
2. A disadvantaged hire is counted in the year the person was hired only: the same person claimed
   again in a later year under a disadvantaged measure is excluded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hire:
    person: str
    """A reference the supplier holds for the person (never a name)."""
    measure: str
    year: int


@dataclass(frozen=True)
class Exclusion:
    hire: Hire
    reason: str


def dedupe_disadvantaged_hires(
    hires: Iterable[Hire], disadvantaged: set[str]
) -> tuple[list[Hire], list[Exclusion]]:
    """Apply both rules to the hires claimed under ``disadvantaged`` measures; others pass."""
    kept: list[Hire] = []
    excluded: list[Exclusion] = []
    first_claim: dict[str, Hire] = {}
    for hire in sorted(hires, key=lambda h: h.year):
        if hire.measure not in disadvantaged:
            kept.append(hire)
            continue
        earlier = first_claim.get(hire.person)
        if earlier is None:
            first_claim[hire.person] = hire
            kept.append(hire)
        elif earlier.year < hire.year:
            excluded.append(
                Exclusion(
                    hire,
                    f"{hire.person} was counted as a disadvantaged hire in {earlier.year}; "
                    "disadvantaged hires count in their first year only",
                )
            )
        else:
            excluded.append(
                Exclusion(
                    hire,
                    f"{hire.person} is already counted under {earlier.measure}; a person counts "
                    "under one disadvantaged measure only",
                )
            )
    return kept, excluded


def count_by_measure(hires: Iterable[Hire]) -> dict[str, dict[int, int]]:
    counts: dict[str, dict[int, int]] = {}
    for hire in hires:
        by_year = counts.setdefault(hire.measure, {})
        by_year[hire.year] = by_year.get(hire.year, 0) + 1
    return counts
