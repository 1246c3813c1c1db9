"""The Splink models: linking suppliers to registers, and deduplicating suppliers' aliases.

Both models use the same record shape (:data:`LINK_COLUMNS`, built by :func:`linkage_frame`) and
the same comparisons; only the link type and blocking rules differ. The m and u probabilities are
fixed, documented priors (``docs/methods/suppliers.md``) rather than trained per run, so a score
means the same thing on a 50-row test register and on the 5-million-row Companies House file,
and the same records always get the same weights. Term-frequency adjustments on the name use
frequencies computed from the register itself (:func:`name_frequencies`), relative to a
national-size register, so a common name ("cleaning services") counts for less than a rare one.

Thresholds are on ``match_weight`` (log2 of the Bayes factor including the prior) and are
configurable through :class:`LinkageSpec`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Literal

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

LINK_COLUMNS = (
    "unique_id",
    "source_id",
    "name_normalised",
    "name_core",
    "name_first",
    "name_second",
    "name_last",
    "name_short_key",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "company_number",
)
LEGAL_TOKENS = re.compile(r"\b(?:ltd|plc|llp|cic|lp|inc|co|uk)\b")
LinkType = Literal["link_only", "dedupe_only"]
REFERENCE_REGISTER_SIZE = 5_000_000
"""Term frequencies are counts per this many records (about the size of Companies House)."""


@dataclass(frozen=True)
class LinkageSpec:
    """How suppliers are linked: thresholds (match weight) and the prior. Round-trips to JSON."""

    auto_accept_weight: float = 6.0
    """At or above: linked without review."""
    review_weight: float = -2.0
    """At or above (and below auto-accept): a person decides. Below: no link."""
    ambiguity_margin: float = 3.0
    """A best candidate is accepted automatically only if the next one scores this much less."""
    alias_weight: float = 5.0
    """Two ledger names at or above this are aliases of one supplier."""
    prior_match_probability: float = 1e-4
    """Probability that two records drawn at random (one supplier, one register record) match."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _level(creator: Any, m: float, u: float, **extra: Any) -> Any:
    return creator.configure(m_probability=m, u_probability=u, **extra)


def name_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="Normalised name: exact, exact without legal form, "
        "Jaro-Winkler and Levenshtein levels",
        comparison_levels=[
            cll.NullLevel("name_core"),
            _level(cll.ExactMatchLevel("name_normalised"), 0.55, 2e-7),
            _level(
                cll.ExactMatchLevel("name_core"),
                0.25,
                4e-7,
                tf_adjustment_column="name_core",
                tf_adjustment_weight=1.0,
            ),
            _level(cll.JaroWinklerLevel("name_core", 0.96), 0.08, 2e-5),
            _level(cll.LevenshteinLevel("name_core", 2), 0.06, 2e-5),
            _level(cll.JaroWinklerLevel("name_core", 0.90), 0.04, 5e-4),
            _level(cll.JaroWinklerLevel("name_core", 0.80), 0.01, 1e-2),
            _level(cll.ElseLevel(), 0.01, 0.98947),
        ],
    )


def postcode_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode: exact, same sector, same district",
        comparison_levels=[
            cll.NullLevel("postcode"),
            _level(cll.ExactMatchLevel("postcode"), 0.70, 5e-5),
            _level(cll.ExactMatchLevel("postcode_sector"), 0.10, 5e-4),
            _level(cll.ExactMatchLevel("postcode_district"), 0.05, 5e-3),
            _level(cll.ElseLevel(), 0.15, 0.99445),
        ],
    )


def company_number_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="company_number",
        comparison_description="Company number where both give one: exact",
        comparison_levels=[
            cll.NullLevel("company_number"),
            _level(cll.ExactMatchLevel("company_number"), 0.95, 1e-7),
            _level(cll.ElseLevel(), 0.05, 0.9999999),
        ],
    )


BlockingKey = tuple[tuple[str, int | None], ...]
BLOCKING_KEYS: tuple[BlockingKey, ...] = (
    (("company_number", None),),
    (("name_core", None),),
    (("name_first", None), ("name_last", None)),
    (("name_first", None), ("name_second", None), ("name_last", 2)),
    (("name_second", None), ("name_last", None), ("name_first", 2)),
    (("name_short_key", None),),
    (("name_first", None), ("postcode_district", None)),
)
"""Pairs are scored only if they agree on every part of one key: ``(column, prefix length)``.

Two of a name's first, second and last words plus the start of the third, so one misspelt word
still blocks; no key is a common word alone, nor a bare postcode (thousands of companies share
their accountant's registered office)."""


def _part(column: str, prefix: int | None, table: str = "") -> str:
    name = f"{table}.{column}" if table else column
    return f"substr({name}, 1, {prefix})" if prefix else name


EXACT_KEYS = BLOCKING_KEYS[:2]
"""The first pass of the cascade: company number and core name."""


def blocking_rules(keys: tuple[BlockingKey, ...] = BLOCKING_KEYS) -> list[Any]:
    return [block_on(*(_part(c, n) for c, n in key)) for key in keys]


def candidate_filter_sql(
    left: str, right: str, keys: tuple[BlockingKey, ...] = BLOCKING_KEYS
) -> str:
    """SQL selecting the rows of ``right`` that share some blocking key with a row of ``left``.

    Applied before Splink so a 5-million-record register shrinks to the records that can be
    compared at all; Splink then blocks and scores exactly as without it."""
    joins = [
        f"SELECT r.unique_id FROM {right} r SEMI JOIN {left} l ON "  # noqa: S608
        + " AND ".join(f"{_part(c, n, 'l')} = {_part(c, n, 'r')}" for c, n in key)
        for key in keys
    ]
    union = " UNION ".join(joins)
    return f"SELECT * FROM {right} WHERE unique_id IN ({union})"  # noqa: S608


def settings(
    link_type: LinkType, spec: LinkageSpec, keys: tuple[BlockingKey, ...] = BLOCKING_KEYS
) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        probability_two_random_records_match=spec.prior_match_probability,
        comparisons=[name_comparison(), postcode_comparison(), company_number_comparison()],
        blocking_rules_to_generate_predictions=blocking_rules(keys),
        additional_columns_to_retain=["source_id"],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
    )


LINKAGE_SQL = r"""
WITH base AS (
    SELECT
        CAST(unique_id AS VARCHAR) AS unique_id,
        CAST(source_id AS VARCHAR) AS source_id,
        nullif(trim(CAST(name_normalised AS VARCHAR)), '') AS name_normalised,
        regexp_replace(upper(coalesce(CAST(postcode AS VARCHAR), '')), '[^A-Z0-9]', '', 'g')
            AS pc,
        nullif(upper(trim(coalesce(CAST(company_number AS VARCHAR), ''))), '') AS number
    FROM records
), cored AS (
    SELECT *, coalesce(nullif(trim(regexp_replace(regexp_replace(name_normalised,
        '\b(ltd|plc|llp|cic|lp|inc|co|uk)\b', '', 'g'), '\s+', ' ', 'g')), ''),
        name_normalised) AS name_core
    FROM base
), tokens AS (
    SELECT *, string_split(name_core, ' ') AS t FROM cored
)
SELECT
    unique_id,
    source_id,
    name_normalised,
    name_core,
    t[1] AS name_first,
    CASE WHEN len(t) > 2 THEN t[2] END AS name_second,
    CASE WHEN len(t) > 1 THEN t[len(t)] END AS name_last,
    CASE WHEN len(t) = 2 THEN t[2] || ' ' || substr(t[1], 1, 4) END AS name_short_key,
    CASE WHEN length(pc) BETWEEN 5 AND 7
        THEN left(pc, length(pc) - 3) || ' ' || right(pc, 3) END AS postcode,
    CASE WHEN length(pc) BETWEEN 5 AND 7
        THEN left(pc, length(pc) - 3) || ' ' || substr(pc, length(pc) - 2, 1) END
        AS postcode_sector,
    CASE WHEN length(pc) BETWEEN 5 AND 7 THEN left(pc, length(pc) - 3) END AS postcode_district,
    CASE WHEN regexp_full_match(number, '[0-9]{1,8}') THEN lpad(number, 8, '0') ELSE number END
        AS company_number
FROM tokens
"""


def linkage_table(records: pa.Table) -> pa.Table:
    """Records in the shape both models compare, from ``unique_id, source_id, name_normalised,
    postcode, company_number``: the core name without legal-form words, its first, second and
    last words, the postcode's sector and district, the company number padded to 8 digits.

    Computed in DuckDB over Arrow (a million register records take a few seconds).
    """
    con = duckdb.connect()
    try:
        con.register("records", records)
        return con.sql(LINKAGE_SQL).to_arrow_table()
    finally:
        con.close()


def as_records(
    unique_id: pd.Series,
    source_id: pd.Series,
    name_normalised: pd.Series,
    postcode: pd.Series | None = None,
    company_number: pd.Series | None = None,
) -> pa.Table:
    """The input columns of :func:`linkage_table` from pandas columns."""
    n = len(name_normalised)
    empty = pd.Series([None] * n, dtype=object)
    return pa.table(
        {
            "unique_id": _strings(unique_id),
            "source_id": _strings(source_id),
            "name_normalised": _strings(name_normalised),
            "postcode": _strings(postcode if postcode is not None else empty),
            "company_number": _strings(company_number if company_number is not None else empty),
        }
    )


def _strings(values: pd.Series) -> pa.Array:
    values = values.reset_index(drop=True).astype(object)
    return pa.array(
        values.where(values.notna(), None).astype(str).where(values.notna(), None),
        pa.string(),
        from_pandas=True,
    )


def name_frequencies(records: pa.Table) -> pa.Table:
    """``name_core, tf_name_core``: how often each core name occurs in the records, per
    :data:`REFERENCE_REGISTER_SIZE` records."""
    counts = pc.value_counts(records.column("name_core").drop_null())
    return pa.table(
        {
            "name_core": counts.field("values"),
            "tf_name_core": pc.divide(
                pc.cast(counts.field("counts"), pa.float64()), float(REFERENCE_REGISTER_SIZE)
            ),
        }
    )
