"""Charter frameworks as data: sections (pillars), questions with their evidence, and tiers.

Each framework is a TOML file in ``greatjobs/goodwork/data``. A question is either answered by
the employer (yes or no, with evidence) or, when it names a ``fact``, by the pay and security facts
of the assessment (``at_least``, ``at_most`` or ``equals`` a value). A tier is reached when every
section scores at least ``min_section_share`` of its points and every question naming the tier in
``required_for`` is met. See ``docs/methods/good-work.md``.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from greatjobs.errors import DataError, NotFoundError

FACT_NAMES = (
    "rlw_share",
    "zero_hours_share",
    "agency_share",
    "guaranteed_hours_share",
    "employee_voice",
    "sick_pay_day_one",
)
"""The facts a question may be answered by (see :class:`greatjobs.goodwork.facts.PayFacts`)."""


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    min_section_share: float


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    summary: str


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    text: str
    evidence: str
    points: float = 1.0
    required_for: tuple[str, ...] = ()
    fact: str | None = None
    at_least: float | None = None
    at_most: float | None = None
    equals: bool | None = None

    @property
    def rule(self) -> str:
        """The fact condition in words, or '' for a question the employer answers."""
        if self.fact is None:
            return ""
        if self.at_least is not None:
            return f"{self.fact} at least {self.at_least:g}"
        if self.at_most is not None:
            return f"{self.fact} at most {self.at_most:g}"
        return f"{self.fact} is {'yes' if self.equals else 'no'}"


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short_name: str
    publisher: str
    url: str
    confirmed: str
    working_model: str
    default: bool
    tiers: tuple[Tier, ...]
    """Highest first."""
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise NotFoundError(f"No question {question_id!r} in {self.name}.")

    def section_questions(self, section_id: str) -> list[Question]:
        return [q for q in self.questions if q.section == section_id]

    def tier_name(self, tier_id: str | None) -> str:
        return next((t.name for t in self.tiers if t.id == tier_id), "No tier yet")


def _question(entry: dict[str, Any], sections: set[str], tiers: set[str], where: str) -> Question:
    q = Question(
        id=str(entry["id"]),
        section=str(entry["section"]),
        text=str(entry["text"]),
        evidence=str(entry["evidence"]),
        points=float(entry.get("points", 1.0)),
        required_for=tuple(entry.get("required_for", ())),
        fact=entry.get("fact"),
        at_least=entry.get("at_least"),
        at_most=entry.get("at_most"),
        equals=entry.get("equals"),
    )
    if q.section not in sections:
        raise DataError(f"{where}: question {q.id} names unknown section {q.section!r}.")
    if unknown := set(q.required_for) - tiers:
        raise DataError(f"{where}: question {q.id} names unknown tiers {sorted(unknown)}.")
    conditions = [c for c in (q.at_least, q.at_most, q.equals) if c is not None]
    if q.fact is not None and (q.fact not in FACT_NAMES or len(conditions) != 1):
        raise DataError(f"{where}: question {q.id} needs a known fact and exactly one condition.")
    if q.points <= 0:
        raise DataError(f"{where}: question {q.id} must be worth more than 0 points.")
    return q


def parse_framework(text: str, where: str = "framework") -> Framework:
    """A framework from TOML text (checked: sections, tiers and facts named must exist)."""
    try:
        data = tomllib.loads(text)
        tiers = tuple(Tier(t["id"], t["name"], float(t["min_section_share"])) for t in data["tier"])
        sections = tuple(Section(s["id"], s["name"], s["summary"]) for s in data["section"])
        section_ids, tier_ids = {s.id for s in sections}, {t.id for t in tiers}
        questions = tuple(_question(q, section_ids, tier_ids, where) for q in data["question"])
        framework = Framework(
            id=data["id"],
            name=data["name"],
            short_name=data.get("short_name", data["name"]),
            publisher=data["publisher"],
            url=data["url"],
            confirmed=data["confirmed"],
            working_model=data["working_model"],
            default=bool(data.get("default", False)),
            tiers=tiers,
            sections=sections,
            questions=questions,
        )
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{where}: not a valid charter framework ({exc}).") from exc
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise DataError(f"{where}: two questions share an id.")
    empty = [s.id for s in sections if not framework.section_questions(s.id)]
    if empty:
        raise DataError(f"{where}: sections without questions: {', '.join(empty)}.")
    return framework


@functools.cache
def load_frameworks() -> tuple[Framework, ...]:
    """Every bundled framework, the default first."""
    folder = resources.files("greatjobs.goodwork").joinpath("data")
    found = [
        parse_framework(item.read_text("utf-8"), item.name)
        for item in sorted(folder.iterdir(), key=lambda i: i.name)
        if item.name.endswith(".toml") and "charter" in item.name
    ]
    return tuple(sorted(found, key=lambda f: (not f.default, f.name)))


def get_framework(framework_id: str | None = None) -> Framework:
    """A framework by id; the default (the LCR Fair Employment Charter) when none is given."""
    frameworks = load_frameworks()
    if framework_id is None:
        return frameworks[0]
    for framework in frameworks:
        if framework.id == framework_id:
            return framework
    raise NotFoundError(f"No charter framework {framework_id!r}.", [f.id for f in frameworks])
