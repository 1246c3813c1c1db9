"""Bid evaluation: the social value weighting rule, committed value, normalised scores and the
combined price / quality / social value ranking, with a record that explains every number.

* Weighting: social value must carry at least 10% of the total evaluation score (PPN 06/20, kept
  by PPN 002 (2025)).
* Price score: lowest price / this price x price weight (the usual relative-price formula).
* Quality score: evaluator's score / maximum score x quality weight.
* Social value score: qualitative (method statement score / maximum) and/or quantitative
  (committed value / highest committed value among bids), averaged when both are used, x weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from greatjobs.errors import GreatjobsError

MINIMUM_SOCIAL_VALUE_WEIGHT = 10.0
QUALITATIVE = "qualitative"
QUANTITATIVE = "quantitative"
BOTH = "both"


class WeightingError(GreatjobsError):
    exit_code = 2


def check_weights(price: float, quality: float, social_value: float) -> None:
    """Refuse weightings that break the rules, with a message that cites the rule."""
    if social_value < MINIMUM_SOCIAL_VALUE_WEIGHT:
        raise WeightingError(
            f"Social value must be weighted at least {MINIMUM_SOCIAL_VALUE_WEIGHT:.0f}% of the "
            f"total score (PPN 06/20, kept by PPN 002 in 2025); you gave {social_value:g}%."
        )
    if min(price, quality) < 0:
        raise WeightingError("Weights cannot be negative.")
    total = price + quality + social_value
    if abs(total - 100) > 1e-9:
        raise WeightingError(
            f"Price, quality and social value weights must add up to 100%, not {total:g}%."
        )


@dataclass(frozen=True)
class BidInput:
    bidder: str
    price: float
    quality_score: float | None
    """Evaluator's quality score, 0..max_score."""
    method_statement_score: float | None
    """Evaluator's social value method statement score, 0..max_score."""
    committed_value: float
    """GBP of social value committed (proxy-valued commitments, double counting removed)."""


@dataclass(frozen=True)
class Weights:
    price: float
    quality: float
    social_value: float
    method: str = BOTH
    max_score: float = 5.0

    def __post_init__(self) -> None:
        check_weights(self.price, self.quality, self.social_value)


@dataclass(frozen=True)
class BidResult:
    bidder: str
    price_score: float
    quality_score: float
    social_value_score: float
    total: float
    rank: int
    committed_value: float
    committed_share_of_price: float
    explanation: tuple[str, ...] = field(default=())


def evaluate_bids(bids: Sequence[BidInput], weights: Weights) -> list[BidResult]:
    """Score and rank bids; each result carries the sentences that explain its numbers."""
    if not bids:
        return []
    lowest = min(b.price for b in bids)
    highest_committed = max(b.committed_value for b in bids)
    results = []
    for b in bids:
        notes: list[str] = []
        price_score = weights.price * lowest / b.price if b.price > 0 else 0.0
        notes.append(
            f"Price: lowest price £{lowest:,.0f} / this price £{b.price:,.0f} x {weights.price:g} "
            f"= {price_score:.2f}"
        )
        q = b.quality_score or 0.0
        quality_score = weights.quality * q / weights.max_score
        notes.append(
            f"Quality: {q:g} / {weights.max_score:g} x {weights.quality:g} = {quality_score:.2f}"
        )
        parts: list[float] = []
        if weights.method in (QUALITATIVE, BOTH):
            ms = b.method_statement_score or 0.0
            parts.append(ms / weights.max_score)
            notes.append(f"Social value method statement: {ms:g} / {weights.max_score:g}")
        if weights.method in (QUANTITATIVE, BOTH):
            share = b.committed_value / highest_committed if highest_committed > 0 else 0.0
            parts.append(share)
            notes.append(
                f"Social value commitments: £{b.committed_value:,.0f} / highest "
                f"£{highest_committed:,.0f} = {share:.3f}"
            )
        sv_score = weights.social_value * sum(parts) / len(parts)
        notes.append(f"Social value: mean of the above x {weights.social_value:g} = {sv_score:.2f}")
        total = price_score + quality_score + sv_score
        notes.append(
            f"Total: {price_score:.2f} + {quality_score:.2f} + {sv_score:.2f} = {total:.2f}"
        )
        share_of_price = b.committed_value / b.price if b.price > 0 else 0.0
        notes.append(
            f"Committed social value is {share_of_price:.1%} of the bid price "
            f"(£{b.committed_value:,.0f} of £{b.price:,.0f})"
        )
        results.append((b, price_score, quality_score, sv_score, total, share_of_price, notes))
    ordered = sorted(results, key=lambda r: (-r[4], r[0].price, r[0].bidder))
    return [
        BidResult(
            bidder=b.bidder,
            price_score=p,
            quality_score=q,
            social_value_score=s,
            total=t,
            rank=rank,
            committed_value=b.committed_value,
            committed_share_of_price=share,
            explanation=tuple(notes),
        )
        for rank, (b, p, q, s, t, share, notes) in enumerate(ordered, start=1)
    ]


def committed_value(
    quantities: Mapping[str, Mapping[int, float]], unit_values: Mapping[str, float | None]
) -> tuple[float, list[str]]:
    """GBP value of commitments {measure: {year: quantity}} at {measure: GBP per unit}.

    Measures without a proxy are counted, not valued, and say so.
    """
    total = 0.0
    notes = []
    for measure, by_year in sorted(quantities.items()):
        quantity = sum(by_year.values())
        unit = unit_values.get(measure)
        if unit is None:
            notes.append(f"{measure}: {quantity:g} committed, not valued (no open proxy)")
            continue
        total += quantity * unit
        notes.append(f"{measure}: {quantity:g} x £{unit:,.2f} = £{quantity * unit:,.0f}")
    return total, notes
