"""Where the money goes: CLES-style anchor spend metrics, as SQL run by a store Backend.

The same SQL runs on DuckDB and on Spark (``greatjobs.store.backend``). Inputs registered in the
backend: ``pay`` (spend.payment), ``alias`` and ``profile`` (supplier resolution; empty when no
register is loaded), ``place_lad`` (the place's districts), ``scope_body`` (bodies reported on)
and ``lm3_coef`` (survey re-spend shares, maybe empty). Every share states its base and its
coverage: the share of in-scope spend for which the metric could be decided at all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa

from greatjobs.spend.lm3 import Lm3Coefficients, StaffPay

BASE = """
WITH p AS (
    SELECT body, paid_on, year(paid_on) AS yr, amount, supplier_name, supplier_name_normalised,
           category, service, excluded_by
    FROM pay
    WHERE body IN (SELECT body FROM scope_body) AND (:year = 0 OR year(paid_on) = :year)
), j AS (
    SELECT p.*, pr.supplier_key, pr.display_name, pr.lad_code, pr.imd_decile, pr.org_type,
           pr.is_sme, pr.sic2,
           -- A supplier: its resolved key, or its normalised name while unresolved (so one name
           -- written alike by two anchors is one supplier either way).
           coalesce(a.supplier_key, concat('name:', p.supplier_name_normalised)) AS k,
           CASE WHEN pr.supplier_key IS NOT NULL THEN 1 ELSE 0 END AS resolved,
           CASE WHEN pl.lad_code IS NOT NULL THEN 1 ELSE 0 END AS in_place
    FROM p
    LEFT JOIN alias a ON a.supplier_name_normalised = p.supplier_name_normalised
    LEFT JOIN profile pr ON pr.supplier_key = a.supplier_key AND pr.resolved
    LEFT JOIN place_lad pl ON pl.lad_code = pr.lad_code
), s AS (SELECT * FROM j WHERE excluded_by IS NULL)
"""

HEADLINE = (
    BASE
    + """
SELECT
    sum(amount) AS in_scope,
    sum(CASE WHEN resolved = 1 THEN amount END) AS resolved,
    sum(CASE WHEN in_place = 1 THEN amount END) AS in_place,
    sum(CASE WHEN resolved = 1 AND imd_decile IS NOT NULL THEN amount END) AS imd_known,
    sum(CASE WHEN imd_decile = 1 THEN amount END) AS deprived10,
    sum(CASE WHEN imd_decile <= 2 THEN amount END) AS deprived20,
    sum(CASE WHEN resolved = 1 AND is_sme IS NOT NULL THEN amount END) AS sme_known,
    sum(CASE WHEN is_sme THEN amount END) AS sme,
    sum(CASE WHEN resolved = 1 AND org_type IS NOT NULL THEN amount END) AS type_known,
    sum(CASE WHEN org_type IN ('charity', 'cic', 'cooperative') THEN amount END) AS vcse,
    sum(CASE WHEN org_type = 'cooperative' THEN amount END) AS coop,
    sum(CASE WHEN org_type = 'public-body' THEN amount END) AS public_body
FROM s
"""
)

EXCLUDED = (
    BASE
    + """
SELECT excluded_by AS rule, count(*) AS payments, sum(amount) AS spend_gbp
FROM j WHERE excluded_by IS NOT NULL GROUP BY excluded_by ORDER BY spend_gbp DESC, rule
"""
)

DISTRICTS = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
SELECT pl.lad_code, pl.lad_name, coalesce(d.spend_gbp, 0) AS spend_gbp
FROM place_lad pl
LEFT JOIN (SELECT lad_code, sum(amount) AS spend_gbp FROM s WHERE in_place = 1 GROUP BY lad_code) d
    ON d.lad_code = pl.lad_code
ORDER BY spend_gbp DESC, pl.lad_code
"""
)

TOP = (
    BASE
    + """
SELECT max(coalesce(display_name, supplier_name)) AS supplier,
       k AS supplier_key,
       sum(amount) AS spend_gbp, count(*) AS payments, max(resolved) AS resolved,
       max(in_place) AS in_place, max(lad_code) AS lad_code, max(org_type) AS org_type,
       max(CASE WHEN is_sme THEN 1 WHEN NOT is_sme THEN 0 END) AS sme
FROM s
GROUP BY k
ORDER BY spend_gbp DESC, supplier_key
LIMIT 300
"""
)

TREND = (
    BASE
    + """
SELECT body, yr AS year, sum(amount) AS spend_gbp,
       sum(CASE WHEN resolved = 1 THEN amount END) AS resolved_gbp,
       sum(CASE WHEN in_place = 1 THEN amount END) AS in_place_gbp
FROM s GROUP BY body, yr ORDER BY body, yr
"""
)

LEAKAGE = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
, outside AS (
    SELECT sic2, sum(amount) AS spend_outside_gbp, count(DISTINCT supplier_key) AS suppliers_outside
    FROM s WHERE resolved = 1 AND in_place = 0 AND sic2 IS NOT NULL GROUP BY sic2
), inside AS (
    SELECT pr.sic2, count(DISTINCT pr.supplier_key) AS suppliers_in_place
    FROM profile pr JOIN place_lad pl ON pl.lad_code = pr.lad_code
    WHERE pr.resolved AND pr.sic2 IS NOT NULL GROUP BY pr.sic2
)
SELECT o.sic2 AS sic_division, o.spend_outside_gbp, o.suppliers_outside, i.suppliers_in_place
FROM outside o JOIN inside i ON i.sic2 = o.sic2
ORDER BY o.spend_outside_gbp DESC, o.sic2
"""
)

# The city region as one buyer: suppliers are ``k`` (see BASE).
ANCHORS = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
, sup AS (
    SELECT body, k, sum(amount) AS spend FROM s GROUP BY body, k
), ranked AS (
    SELECT body, spend, row_number() OVER (PARTITION BY body ORDER BY spend DESC, k) AS rk
    FROM sup
), conc AS (
    SELECT body, count(*) AS suppliers, sum(CASE WHEN rk <= 10 THEN spend END) AS top10_gbp,
           sum(CASE WHEN rk <= 300 THEN spend END) AS top300_gbp
    FROM ranked GROUP BY body
), totals AS (
    SELECT body, sum(amount) AS in_scope_gbp, count(*) AS payments,
           min(paid_on) AS first_paid, max(paid_on) AS last_paid,
           sum(CASE WHEN resolved = 1 THEN amount END) AS resolved_gbp,
           sum(CASE WHEN in_place = 1 THEN amount END) AS in_place_gbp
    FROM s GROUP BY body
)
SELECT t.body, t.in_scope_gbp, t.payments, c.suppliers, t.first_paid, t.last_paid,
       c.top10_gbp, c.top300_gbp, t.resolved_gbp, t.in_place_gbp
FROM totals t JOIN conc c ON c.body = t.body
ORDER BY t.in_scope_gbp DESC, t.body
"""
)
"""Per anchor: in-scope spend, payments, suppliers, dates, concentration (the 10 and 300
largest suppliers' spend) and the resolved and in-place spend (for shares with coverage)."""

TOGETHER = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
, sup AS (SELECT k, sum(amount) AS spend FROM s GROUP BY k),
ranked AS (SELECT spend, row_number() OVER (ORDER BY spend DESC, k) AS rk FROM sup),
conc AS (
    SELECT count(*) AS suppliers, sum(CASE WHEN rk <= 10 THEN spend END) AS top10_gbp,
           sum(CASE WHEN rk <= 300 THEN spend END) AS top300_gbp
    FROM ranked
), totals AS (
    SELECT sum(amount) AS in_scope_gbp, count(*) AS payments, min(paid_on) AS first_paid,
           max(paid_on) AS last_paid, sum(CASE WHEN resolved = 1 THEN amount END) AS resolved_gbp,
           sum(CASE WHEN in_place = 1 THEN amount END) AS in_place_gbp
    FROM s
)
SELECT t.in_scope_gbp, t.payments, c.suppliers, t.first_paid, t.last_paid, c.top10_gbp,
       c.top300_gbp, t.resolved_gbp, t.in_place_gbp
FROM totals t CROSS JOIN conc c
"""
)
"""The same for the anchors together, as one buyer."""

SHARED = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
, by_anchor AS (
    SELECT k, body, max(coalesce(display_name, supplier_name)) AS supplier,
           sum(amount) AS spend, max(resolved) AS resolved, max(in_place) AS in_place
    FROM s GROUP BY k, body
)
SELECT k AS supplier_key, max(supplier) AS supplier, count(*) AS anchors,
       sum(spend) AS spend_gbp, max(resolved) AS resolved, max(in_place) AS in_place
FROM by_anchor GROUP BY k HAVING count(*) >= 2
ORDER BY anchors DESC, spend_gbp DESC, supplier_key
LIMIT 300
"""
)
"""Suppliers that two or more anchors pay (the 300 shared by most anchors, then by spend)."""

SHARED_PURCHASES = (
    BASE  # noqa: S608 (fixed SQL; values are bound parameters)
    + """
, shared AS (
    SELECT k FROM (SELECT k, count(DISTINCT body) AS n FROM s
                   GROUP BY k) counted
    WHERE n >= 2
)
SELECT k AS supplier_key, body, coalesce(category, service, 'not stated') AS bought,
       sum(amount) AS spend_gbp
FROM s WHERE k IN (SELECT k FROM shared)
GROUP BY k, body, coalesce(category, service, 'not stated')
"""
)
"""What each anchor buys from each shared supplier, in its own words (expense type, else
service): anchors name their categories differently, so they are listed, not merged."""

LM3 = (
    BASE
    + """
SELECT sum(amount) AS r1, sum(CASE WHEN in_place = 1 THEN amount ELSE 0 END) AS local_gbp,
       sum(CAST(amount AS DOUBLE) * coalesce(c.respend_local,
           CASE WHEN in_place = 1 THEN :c_local ELSE :c_nonlocal END)) AS r3,
       sum(CASE WHEN c.respend_local IS NOT NULL THEN amount ELSE 0 END) AS surveyed_gbp
FROM s LEFT JOIN lm3_coef c ON c.supplier_name_normalised = s.supplier_name_normalised
WHERE resolved = 1
"""
)


@dataclass
class SpendReport:
    bodies: list[str]
    year: int | None
    place: str | None
    engine: str
    in_scope_gbp: Decimal
    coverage: float | None
    headline: pd.DataFrame
    exclusions: pd.DataFrame
    districts: pd.DataFrame
    top_suppliers: pd.DataFrame
    trend: pd.DataFrame
    leakage: pd.DataFrame
    lm3: dict[str, Any]
    anchors: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per anchor and all together: spend, suppliers, concentration, resolved and local shares."""
    shared: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Suppliers two or more anchors pay, with what each buys from them."""
    notes: list[str] = field(default_factory=list)

    @property
    def opportunities(self) -> pd.DataFrame:
        """Shared suppliers not known to be in the place: where anchors could buy together, or
        find a supplier in the place. 'Location unknown' where the supplier is unresolved."""
        if self.shared.empty:
            return self.shared
        outside = self.shared[self.shared["in_place"] == 0].copy()
        outside["location"] = [
            "outside the place" if r == 1 else "not resolved: location unknown"
            for r in outside["resolved"]
        ]
        return outside[["supplier", "anchors", "spend_gbp", "location", "bought"]].reset_index(
            drop=True
        )


def _money(value: Any) -> Decimal:
    return (
        Decimal("0.00")
        if value is None or pd.isna(value)
        else Decimal(str(value)).quantize(Decimal("0.01"))
    )


def _share(part: Decimal, whole: Decimal) -> float | None:
    return None if whole == 0 else float(part / whole)


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    frame["share"] = frame["share"].astype(object).where(frame["share"].notna(), None)
    frame["coverage"] = frame["coverage"].astype(object).where(frame["coverage"].notna(), None)
    return frame


def _frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas()


def _rounds(r1: Decimal, r2: Decimal, r3: Decimal) -> dict[str, Any]:
    """LM3's three rounds and LM3 = (R1 + R2 + R3) / R1."""
    return {
        "r1_gbp": r1,
        "r2_gbp": r2,
        "r3_gbp": r3,
        "lm3": None if r1 == 0 else float((r1 + r2 + r3) / r1),
    }


def run_metrics(
    backend: Any,
    bodies: list[str],
    year: int | None,
    place: str | None,
    lm3: Lm3Coefficients,
    staff: StaffPay | None = None,
) -> SpendReport:
    """Run every metric on ``backend`` (inputs already registered, see the module docstring).

    ``lm3`` holds the rounds for suppliers only (``r1_gbp``... ``lm3``) and, when ``staff`` is
    given, ``with_staff``: R1 plus all staff pay, R2 plus pay to staff living in the place, R3 plus
    what those staff spend in the place.
    """
    params: dict[str, Any] = {
        "year": int(year or 0),
        "c_local": float(lm3.local_supplier_respend),
        "c_nonlocal": float(lm3.non_local_supplier_respend),
    }
    h = {k: _money(v[0]) for k, v in backend.execute(HEADLINE, params).to_pydict().items()}
    total = h["in_scope"]
    coverage = _share(h["resolved"], total)
    rows = [
        ("In scope (procurement) spend", total, None, "all in-scope spend", 1.0 if total else None),
        ("Resolved to a supplier record", h["resolved"], coverage, "in-scope spend", coverage),
        (
            "With suppliers in the place",
            h["in_place"],
            _share(h["in_place"], h["resolved"]),
            "resolved spend",
            coverage,
        ),
        (
            "In the 10% most deprived LSOAs",
            h["deprived10"],
            _share(h["deprived10"], h["imd_known"]),
            "spend with a known supplier LSOA",
            _share(h["imd_known"], total),
        ),
        (
            "In the 20% most deprived LSOAs",
            h["deprived20"],
            _share(h["deprived20"], h["imd_known"]),
            "spend with a known supplier LSOA",
            _share(h["imd_known"], total),
        ),
        (
            "With SMEs",
            h["sme"],
            _share(h["sme"], h["sme_known"]),
            "spend with known size",
            _share(h["sme_known"], total),
        ),
        (
            "With VCSEs (charity, CIC, co-operative)",
            h["vcse"],
            _share(h["vcse"], h["type_known"]),
            "spend with known type",
            _share(h["type_known"], total),
        ),
        (
            "With co-operatives",
            h["coop"],
            _share(h["coop"], h["type_known"]),
            "spend with known type",
            _share(h["type_known"], total),
        ),
        (
            "With public bodies (councils, NHS trusts, other public employers)",
            h["public_body"],
            _share(h["public_body"], h["type_known"]),
            "spend with known type",
            _share(h["type_known"], total),
        ),
    ]
    headline = _shares(
        pd.DataFrame(rows, columns=["metric", "spend_gbp", "share", "share_of", "coverage"])
    )
    l3 = backend.execute(LM3, params).to_pydict()
    r1, r2, r3 = (_money(l3[k][0]) for k in ("r1", "local_gbp", "r3"))
    lm3_result = {
        **_rounds(r1, r2, r3),
        "staff": None,
        "with_staff": None,
        "coverage": coverage,
        "coefficients": lm3.source,
        "surveyed_share": _share(_money(l3["surveyed_gbp"][0]), r1),
    }
    if staff is not None:
        lm3_result["staff"] = {**asdict(staff), "local_spend_gbp": staff.local_spend_gbp}
        lm3_result["with_staff"] = _rounds(
            r1 + staff.total_gbp, r2 + staff.local_gbp, r3 + staff.local_spend_gbp
        )
    report = SpendReport(
        bodies=bodies,
        year=year,
        place=place,
        engine=backend.dialect,
        in_scope_gbp=total,
        coverage=coverage,
        headline=headline,
        exclusions=_frame(backend.execute(EXCLUDED, params)),
        districts=_frame(backend.execute(DISTRICTS, params)),
        top_suppliers=_frame(backend.execute(TOP, params)),
        trend=_frame(backend.execute(TREND, params)),
        leakage=_frame(backend.execute(LEAKAGE, params)),
        lm3=lm3_result,
    )
    report.anchors = _anchors(backend, params)
    report.shared = _shared(backend, params)
    if not report.trend.empty:
        report.trend["share_in_place"] = [
            _share(_money(p), _money(r))
            for p, r in zip(report.trend["in_place_gbp"], report.trend["resolved_gbp"], strict=True)
        ]
    return report


TOGETHER_LABEL = "All anchors together"


def _anchors(backend: Any, params: dict[str, Any]) -> pd.DataFrame:
    """Each anchor, then all of them together as one buyer: concentration as shares of in-scope
    spend, resolved spend as the coverage, spend in the place as a share of resolved spend."""
    each = _frame(backend.execute(ANCHORS, params))
    together = _frame(backend.execute(TOGETHER, params))
    together.insert(0, "body", TOGETHER_LABEL)
    frame = pd.concat([each, together], ignore_index=True) if len(each) else each
    if frame.empty:
        return frame
    money = {c: [_money(v) for v in frame[c]] for c in _ANCHOR_MONEY}
    frame["top10_share"] = [
        _share(a, b) for a, b in zip(money["top10_gbp"], money["in_scope_gbp"], strict=True)
    ]
    frame["top300_share"] = [
        _share(a, b) for a, b in zip(money["top300_gbp"], money["in_scope_gbp"], strict=True)
    ]
    frame["coverage"] = [
        _share(a, b) for a, b in zip(money["resolved_gbp"], money["in_scope_gbp"], strict=True)
    ]
    frame["share_in_place"] = [
        _share(a, b) for a, b in zip(money["in_place_gbp"], money["resolved_gbp"], strict=True)
    ]
    for column in ("top10_share", "top300_share", "coverage", "share_in_place"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


_ANCHOR_MONEY = ("in_scope_gbp", "top10_gbp", "top300_gbp", "resolved_gbp", "in_place_gbp")


def _shared(backend: Any, params: dict[str, Any]) -> pd.DataFrame:
    """Suppliers several anchors pay, each with what every anchor buys from it most (its own
    expense type or service) and that anchor's spend."""
    shared = _frame(backend.execute(SHARED, params))
    if shared.empty:
        shared["bought"] = []
        return shared
    purchases = _frame(backend.execute(SHARED_PURCHASES, params))
    purchases = purchases[purchases["supplier_key"].isin(shared["supplier_key"])]
    top = (
        purchases.sort_values(["spend_gbp", "bought"], ascending=[False, True])
        .groupby(["supplier_key", "body"], as_index=False)
        .agg(bought=("bought", "first"), spend_gbp=("spend_gbp", "sum"))
        .sort_values(["supplier_key", "spend_gbp"], ascending=[True, False])
    )
    described = {
        key: "; ".join(
            f"{row.body}: {row.bought} (£{_money(row.spend_gbp):,.2f})"
            for row in group.itertuples()
        )
        for key, group in top.groupby("supplier_key")
    }
    shared["bought"] = [described.get(k, "") for k in shared["supplier_key"]]
    return shared
