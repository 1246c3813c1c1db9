"""Non-procurement exclusion: explainable rules (``exclusions.toml``, or a user's own file).

A payment is excluded by the first rule whose supplier pattern matches the supplier name as
written, or whose category pattern matches its expense type or service. The rule's id is kept in
``spend.payment.excluded_by`` so every report can state the pounds each rule took out.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from greatjobs.errors import DataError


@dataclass(frozen=True)
class ExclusionRule:
    id: str
    reason: str
    supplier: tuple[str, ...] = ()
    category: tuple[str, ...] = ()


def load_rules(path: Path | None = None) -> list[ExclusionRule]:
    """The rules in ``path``, or the defaults shipped with greatjobs."""
    try:
        text = (
            path.read_text("utf-8")
            if path
            else resources.files("greatjobs.spend").joinpath("exclusions.toml").read_text("utf-8")
        )
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"Cannot read exclusion rules {path}: {exc}") from exc
    rules = [
        ExclusionRule(
            id=str(r["id"]),
            reason=str(r.get("reason", r["id"])),
            supplier=tuple(r.get("supplier", ())),
            category=tuple(r.get("category", ())),
        )
        for r in data.get("rule", [])
    ]
    if len({r.id for r in rules}) != len(rules):
        raise DataError(f"Exclusion rules {path or 'default'}: rule ids must be unique.")
    return rules


def exclusion_case(
    rules: list[ExclusionRule], supplier_col: str, category_cols: tuple[str, ...]
) -> tuple[str, list[object]]:
    """A SQL CASE expression naming the first matching rule, with its bound parameters."""
    if not rules:
        return "CAST(NULL AS VARCHAR)", []
    whens: list[str] = []
    params: list[object] = []
    for rule in rules:
        tests: list[str] = []
        for pattern in rule.supplier:
            tests.append(f"regexp_matches(coalesce({supplier_col}, ''), ?, 'i')")
            params.append(pattern)
        for pattern in rule.category:
            for col in category_cols:
                tests.append(f"regexp_matches(coalesce({col}, ''), ?, 'i')")
                params.append(pattern)
        if tests:
            whens.append(f"WHEN {' OR '.join(tests)} THEN ?")
            params.append(rule.id)
    if not whens:
        return "CAST(NULL AS VARCHAR)", []
    return "CASE " + " ".join(whens) + " END", params


def apply_rules(
    con: duckdb.DuckDBPyConnection, rules: list[ExclusionRule], body: str | None = None
) -> None:
    """Re-apply ``rules`` to the ledger (all bodies, or one), replacing earlier exclusions."""
    case, params = exclusion_case(rules, "supplier_name", ("category", "service"))
    where = "WHERE body = ?" if body is not None else ""
    con.execute(
        f"UPDATE spend.payment SET excluded_by = {case} {where}",  # noqa: S608
        [*params, *([body] if body is not None else [])],
    )


def rule_mask(rules: list[ExclusionRule], column: str, kind: str) -> tuple[str, list[object]]:
    """A SQL BIGINT whose bit i is set when rule i's ``kind`` ('supplier' or 'category')
    patterns match ``column``: computed once per distinct value, not per payment."""
    terms: list[str] = []
    params: list[object] = []
    for i, rule in enumerate(rules):
        patterns = rule.supplier if kind == "supplier" else rule.category
        if not patterns:
            continue
        tests = " OR ".join(f"regexp_matches(coalesce({column}, ''), ?, 'i')" for _ in patterns)
        terms.append(f"(CASE WHEN {tests} THEN {1 << i} ELSE 0 END)")
        params.extend(patterns)
    return (" | ".join(terms) if terms else "0"), params


def first_rule(rules: list[ExclusionRule], mask: str) -> tuple[str, list[object]]:
    """The id of the first rule whose bit is set in ``mask`` (SQL), else NULL."""
    if not rules:
        return "CAST(NULL AS VARCHAR)", []
    whens = " ".join(f"WHEN ({mask}) & {1 << i} <> 0 THEN ?" for i in range(len(rules)))
    return f"CASE {whens} END", [r.id for r in rules]
