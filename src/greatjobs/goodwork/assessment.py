"""Score an assessment against a framework and explain the tier: which answers drove it.

Each question is *met* when the employer answered yes (and an assessor has not rejected the
evidence) or, for a fact question, when the pay and security facts satisfy its condition. A
section's share is its met points over its points. Tiers are tried highest first; the first whose
section threshold and required questions are all satisfied is the tier. The explanation lists what
secured the tier and what blocks the next tier up, each citing the answer or number behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from greatjobs.goodwork.facts import DERIVED_LABELS, PayFacts, describe_fact
from greatjobs.goodwork.frameworks import Framework, Question, Tier


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    met: bool
    why: str
    """The answer or the number behind ``met``, in words."""


@dataclass(frozen=True)
class SectionScore:
    id: str
    name: str
    points: float
    met_points: float

    @property
    def share(self) -> float:
        return self.met_points / self.points


@dataclass(frozen=True)
class TierDecision:
    framework_id: str
    tier_id: str | None
    tier_name: str
    sections: tuple[SectionScore, ...]
    results: tuple[QuestionResult, ...]
    drivers: tuple[str, ...]
    """Why this tier was reached (empty when no tier was)."""
    blockers: tuple[str, ...]
    """What stops the next tier up (for the top tier, nothing)."""
    next_tier: str | None
    verified: bool = False
    rejected: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework_id,
            "tier": self.tier_id,
            "tier_name": self.tier_name,
            "verified": self.verified,
            "sections": [
                {"id": s.id, "name": s.name, "share": round(s.share, 4)} for s in self.sections
            ],
            "questions": [{"id": r.question.id, "met": r.met, "why": r.why} for r in self.results],
            "drivers": list(self.drivers),
            "blockers": list(self.blockers),
            "next_tier": self.next_tier,
            "rejected": list(self.rejected),
        }


def _fact_result(question: Question, facts: PayFacts | None) -> QuestionResult:
    if facts is None:
        return QuestionResult(question, False, "no pay and security facts given")
    value = facts.derived()[str(question.fact)]
    shown = describe_fact(str(question.fact), value)
    if question.at_least is not None:
        met = float(value) >= question.at_least - 1e-12
        need = f"at least {describe_fact(str(question.fact), question.at_least)}"
    elif question.at_most is not None:
        met = float(value) <= question.at_most + 1e-12
        need = f"at most {describe_fact(str(question.fact), question.at_most)}"
    else:
        met = bool(value) is question.equals
        need = describe_fact(str(question.fact), question.equals)
    label = DERIVED_LABELS[str(question.fact)]
    if isinstance(value, bool):
        return QuestionResult(question, met, f"{label}: {shown} (needs {need})")
    return QuestionResult(question, met, f"{label} is {shown} (needs {need})")


def evaluate(
    framework: Framework,
    answers: Mapping[str, bool],
    facts: PayFacts | None,
    rejected: Iterable[str] = (),
) -> list[QuestionResult]:
    """Every question met or not, with why (rejected evidence counts as not met)."""
    refused = set(rejected)
    results = []
    for q in framework.questions:
        if q.id in refused:
            results.append(QuestionResult(q, False, "evidence not accepted by the assessor"))
        elif q.fact is not None:
            results.append(_fact_result(q, facts))
        elif q.id not in answers:
            results.append(QuestionResult(q, False, "not answered"))
        else:
            yes = bool(answers[q.id])
            results.append(QuestionResult(q, yes, "answered yes" if yes else "answered no"))
    return results


def _scores(framework: Framework, results: list[QuestionResult]) -> list[SectionScore]:
    return [
        SectionScore(
            s.id,
            s.name,
            sum(r.question.points for r in results if r.question.section == s.id),
            sum(r.question.points for r in results if r.question.section == s.id and r.met),
        )
        for s in framework.sections
    ]


def _shortfalls(tier: Tier, scores: list[SectionScore], results: list[QuestionResult]) -> list[str]:
    out = [
        f"{s.name} scores {100 * s.share:.0f}% (the {tier.name} tier needs "
        f"{100 * tier.min_section_share:.0f}%)"
        for s in scores
        if s.share < tier.min_section_share - 1e-12
    ]
    out += [
        f"'{r.question.text}' is not met: {r.why} (required for {tier.name})"
        for r in results
        if tier.id in r.question.required_for and not r.met
    ]
    return out


def decide_tier(
    framework: Framework,
    answers: Mapping[str, bool],
    facts: PayFacts | None,
    rejected: Iterable[str] = (),
    verified: bool = False,
) -> TierDecision:
    """The highest tier reached, what drove it and what blocks the next one."""
    refused = tuple(sorted(set(rejected)))
    results = evaluate(framework, answers, facts, refused)
    scores = _scores(framework, results)
    reached: Tier | None = None
    blockers: list[str] = []
    next_tier: str | None = None
    for tier in framework.tiers:  # highest first
        short = _shortfalls(tier, scores, results)
        if not short:
            reached = tier
            break
        blockers, next_tier = short, tier.name
    drivers: list[str] = []
    if reached is not None:
        drivers = [
            f"Every section scores at least {100 * reached.min_section_share:.0f}%: "
            + ", ".join(f"{s.name} {100 * s.share:.0f}%" for s in scores)
        ]
        drivers += [
            f"'{r.question.text}': {r.why}"
            for r in results
            if reached.id in r.question.required_for and r.met
        ]
    return TierDecision(
        framework.id,
        reached.id if reached else None,
        framework.tier_name(reached.id if reached else None),
        tuple(scores),
        tuple(results),
        tuple(drivers),
        tuple(blockers),
        next_tier,
        verified,
        refused,
    )
