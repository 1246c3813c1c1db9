"""Flags for poor value and exploitative training: explainable rules, thresholds held as data.

A rule (``data/flags.toml`` or a file the Commission supplies) flags a course when all its
conditions hold; each flag carries the numbers behind it in words.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from greatjobs.errors import DataError

METRICS = (
    "achievement_rate",
    "achievement_rate_low",
    "achievement_rate_high",
    "sustained_rate",
    "sustained_rate_low",
    "sustained_rate_high",
    "job_rate",
    "job_rate_low",
    "job_rate_high",
    "cost_per_start",
    "cost_per_achievement",
    "cost_per_sustained_job",
    "fee_per_learner",
    "unpaid_placement_weeks",
    "starts",
    "level",
)
OPS = ("below", "above", "at_most", "at_least")


@dataclass(frozen=True)
class Condition:
    metric: str
    op: str
    value: float

    def holds(self, actual: float | None) -> bool:
        if actual is None or (isinstance(actual, float) and math.isnan(actual)):
            return False
        return {
            "below": actual < self.value,
            "above": actual > self.value,
            "at_most": actual <= self.value,
            "at_least": actual >= self.value,
        }[self.op]

    def explain(self, actual: float) -> str:
        return (
            f"{label(self.metric)} {show(self.metric, actual)} is {self.op.replace('_', ' ')} "
            f"{show(self.metric, self.value)}"
        )


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    conditions: tuple[Condition, ...]
    levels_at_most: int | None = None

    def describe(self) -> str:
        parts = [
            f"{label(c.metric)} {c.op.replace('_', ' ')} {show(c.metric, c.value)}"
            for c in self.conditions
        ]
        scope = (
            f" (courses at level {self.levels_at_most} or below)"
            if self.levels_at_most is not None
            else ""
        )
        return " and ".join(parts) + scope


@dataclass(frozen=True)
class Flag:
    rule_id: str
    title: str
    reason: str


def label(metric: str) -> str:
    return (
        metric.replace("_high", " (upper 95% bound)")
        .replace("_low", " (lower 95% bound)")
        .replace("_", " ")
    )


def show(metric: str, value: float) -> str:
    if "rate" in metric:
        return f"{100 * value:.0f}%"
    if metric.startswith("cost") or metric == "fee_per_learner":
        return f"£{value:,.0f}"
    return f"{value:g}"


def parse_rules(text: str, where: str = "flag rules") -> tuple[Rule, ...]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
        rules = []
        for entry in data["rule"]:
            conditions = []
            for cond in entry["conditions"]:
                ops = [op for op in OPS if op in cond]
                if cond["metric"] not in METRICS or len(ops) != 1:
                    raise ValueError(f"rule {entry['id']}: bad condition {cond}")
                conditions.append(Condition(cond["metric"], ops[0], float(cond[ops[0]])))
            level = entry.get("levels_at_most")
            rules.append(
                Rule(
                    entry["id"],
                    entry["title"],
                    tuple(conditions),
                    None if level is None else int(level),
                )
            )
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{where}: not valid flag rules ({exc}).") from exc
    return tuple(rules)


def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    """The Commission's rules from ``path``, or the bundled illustrative defaults."""
    if path is not None:
        try:
            return parse_rules(path.read_text("utf-8"), str(path))
        except OSError as exc:
            raise DataError(f"{path}: cannot read the flag rules ({exc}).") from exc
    text = resources.files("greatjobs.skills").joinpath("data/flags.toml").read_text("utf-8")
    return parse_rules(text, "flags.toml")


def apply_rules(metrics: dict[str, Any], rules: tuple[Rule, ...]) -> list[Flag]:
    """The flags one course raises, each with the numbers behind it."""
    flags = []
    for rule in rules:
        level = metrics.get("level")
        if rule.levels_at_most is not None and (level is None or level > rule.levels_at_most):
            continue
        if all(c.holds(metrics.get(c.metric)) for c in rule.conditions):
            reasons = [c.explain(float(metrics[c.metric])) for c in rule.conditions]
            if rule.levels_at_most is not None:
                reasons.append(f"level {level} is at most {rule.levels_at_most}")
            flags.append(Flag(rule.id, rule.title, "; ".join(reasons)))
    return flags
