"""The open measures library: measures, their PPN mapping and financial proxies, read from
``data/measures.toml``; proxies uprated to a common price year with the GDP deflator: the ONS
series refreshed by ``greatjobs data update --source gdp-deflator`` when the home holds it, else
the unverified values in ``data/deflators.toml``."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.home import Home
from greatjobs.socialvalue.limits import price_year_problem, proxy_problem
from greatjobs.sources.ons import GDP_DEFLATOR, read_annual_series
from greatjobs.text import close_matches
from greatjobs.warehouse import read_refresh

PAY_INDICATOR = "Gross median weekly pay"
LIBRARY_PREFIX = "GJ-"
"""Codes starting with this are kept for measures shipped with greatjobs, so that a local measure
can never take the code of one added in a later version of the library."""
LOCAL_CODE_LENGTH = 20
_LOCAL_CODE = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")


@dataclass(frozen=True)
class Proxy:
    kind: str
    """``ashe-weekly-pay``, ``wellby`` or ``fixed``."""
    source: str
    note: str = ""
    value: float | None = None
    price_year: int | None = None
    wellbys: float | None = None
    weeks: int = 52


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    outcome: str
    theme: str
    ppn0620_outcome: str
    unit: str
    evidence: str
    evidence_required: bool
    disadvantaged: bool
    ppn002_metric: str = ""
    ppn002_note: str = ""
    proxy: Proxy | None = None
    local: bool = False
    """Added by an organisation rather than shipped with greatjobs."""
    retired: bool = False
    """No longer offered for new contracts; contracts already using it keep it."""


@dataclass(frozen=True)
class Deflator:
    index: dict[int, float]
    name: str
    publisher: str
    release: str
    verified: bool

    @property
    def latest_year(self) -> int:
        return max(self.index)

    @property
    def provenance(self) -> str:
        """What the index is, who published it, and whether its values are verified."""
        status = "verified" if self.verified else "UNVERIFIED values"
        return f"{self.name}, {self.publisher}; {status} ({self.release})."

    def factor(self, from_year: int, to_year: int) -> float:
        """Multiply a value in ``from_year`` prices by this to express it in ``to_year`` prices."""
        missing = [y for y in (from_year, to_year) if y not in self.index]
        if missing:
            raise DataError(
                f"No GDP deflator for {', '.join(map(str, missing))}; "
                f"held: {min(self.index)}-{max(self.index)}."
            )
        return self.index[to_year] / self.index[from_year]


@dataclass(frozen=True)
class MeasuresLibrary:
    version: str
    measures: tuple[Measure, ...]
    wellby_value: float
    wellby_price_year: int
    wellby_source: str
    deflator: Deflator
    extra: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What was left out or not valued when local measures were merged in (``merge_local``)."""
    skipped: tuple[str, ...] = ()
    """The ids of local measures left out because their code clashes."""

    @property
    def offered(self) -> tuple[Measure, ...]:
        """The measures a new contract may use: all but the retired ones."""
        return tuple(m for m in self.measures if not m.retired)

    def get(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise NotFoundError(
            f"No measure {measure_id!r}.", close_matches(measure_id, [m.id for m in self.measures])
        )

    def with_local(self, local: list[Measure]) -> MeasuresLibrary:
        """This library plus an organisation's own measures (ids must not clash)."""
        clash = {m.id for m in local} & {m.id for m in self.measures}
        if clash:
            raise DataError(
                f"Local measure ids clash with the library: {', '.join(sorted(clash))}."
            )
        return replace(self, measures=self.measures + tuple(local))

    def merge_local(self, local: Sequence[Measure]) -> MeasuresLibrary:
        """This library plus organisations' own measures, never failing on a bad one.

        A local measure whose code is already taken, ignoring case, by the library or by an
        earlier local measure is left out; one whose fixed proxy is outside the bounds
        (``limits``) is kept but not valued. Each is said in ``notes`` (a retired measure that
        clashes is left out without a note: nothing is left to fix).
        """
        taken = {normalise_code(m.id): m.id for m in self.measures}
        kept: list[Measure] = []
        notes, skipped = list(self.notes), list(self.skipped)
        for measure in local:
            key = normalise_code(measure.id)
            if key in taken:
                skipped.append(measure.id)
                if not measure.retired:
                    notes.append(
                        f"Local measure {measure.id} ({measure.title}) is left out: its code is "
                        f"already used by {taken[key]} (codes are compared ignoring case)."
                    )
                continue
            taken[key] = measure.id
            problem = _fixed_proxy_problem(measure.proxy)
            if problem:
                notes.append(f"Local measure {measure.id} is not valued: {problem}")
                measure = replace(measure, proxy=None)
            kept.append(measure)
        return replace(
            self,
            measures=self.measures + tuple(kept),
            notes=tuple(notes),
            skipped=tuple(skipped),
        )

    def unit_value(
        self, measure_id: str, price_year: int, weekly_pay: float | None = None
    ) -> float | None:
        """The proxy value of one unit of the measure in ``price_year`` prices, or None.

        ``weekly_pay`` (with the ASHE year as ``(pay, year)`` via :func:`local_weekly_pay`) is
        needed for ``ashe-weekly-pay`` proxies: pass the pay already in ``price_year`` prices.
        """
        proxy = self.get(measure_id).proxy
        if proxy is None:
            return None
        if proxy.kind == "wellby":
            factor = self.deflator.factor(self.wellby_price_year, price_year)
            return (proxy.wellbys or 0.0) * self.wellby_value * factor
        if proxy.kind == "ashe-weekly-pay":
            if weekly_pay is None:
                raise DataError(f"{measure_id} is valued at local pay: give the weekly pay.")
            return weekly_pay * proxy.weeks
        if proxy.value is None or proxy.price_year is None:
            raise DataError(f"{measure_id}: a fixed proxy needs a value and a price year.")
        return proxy.value * self.deflator.factor(proxy.price_year, price_year)

    def to_frame(self) -> pd.DataFrame:
        rows = []
        for m in self.measures:
            p = m.proxy
            rows.append(
                {
                    "id": m.id,
                    "title": m.title,
                    "theme": m.theme,
                    "ppn0620_outcome": m.ppn0620_outcome,
                    "ppn002_metric": m.ppn002_metric or "(not confirmed)",
                    "unit": m.unit,
                    "evidence_required": m.evidence_required,
                    "disadvantaged": m.disadvantaged,
                    "proxy": _describe_proxy(p, self) if p else "",
                    "proxy_source": p.source if p else "",
                    "local": m.local,
                    "retired": m.retired,
                }
            )
        return pd.DataFrame(rows)


def _fixed_proxy_problem(proxy: Proxy | None) -> str | None:
    if proxy is None or proxy.kind != "fixed":
        return None
    if proxy.value is None or proxy.price_year is None:
        return "a fixed proxy needs a value and a price year."
    problem = proxy_problem(proxy.value) or price_year_problem(proxy.price_year)
    return None if problem is None else problem[0].lower() + problem[1:]


def normalise_code(code: str) -> str:
    """A measure code as it is compared: without surrounding spaces, in capitals."""
    return code.strip().upper()


def local_code_problem(
    code: str, library: MeasuresLibrary, taken: Iterable[str] = ()
) -> str | None:
    """Why ``code`` cannot be a new local measure's code, or None.

    ``library`` is the shipped library and ``taken`` the codes of the other local measures;
    codes are compared ignoring case, so ``gj-emp-02`` is ``GJ-EMP-02``.
    """
    key = normalise_code(code)
    if not key:
        return "Enter a code, for example LCR-CARE-01."
    if len(key) > LOCAL_CODE_LENGTH or not _LOCAL_CODE.fullmatch(key):
        return (
            f"A code is up to {LOCAL_CODE_LENGTH} letters and numbers in groups joined by "
            "hyphens, for example LCR-CARE-01."
        )
    used = next((m.id for m in library.measures if normalise_code(m.id) == key), None)
    if used:
        return f"{key} is the code of the library measure {used}: choose another code."
    if key.startswith(LIBRARY_PREFIX):
        return (
            f"Codes starting {LIBRARY_PREFIX} are kept for the greatjobs measures library: "
            "use your own prefix, for example LCR-CARE-01."
        )
    if key in {normalise_code(t) for t in taken}:
        return f"There is already a local measure {key}: choose another code."
    return None


def _describe_proxy(proxy: Proxy, library: MeasuresLibrary) -> str:
    if proxy.kind == "wellby":
        pounds = (proxy.wellbys or 0) * library.wellby_value
        return (
            f"{proxy.wellbys} WELLBY x £{library.wellby_value:,.0f} = £{pounds:,.0f} "
            f"({library.wellby_price_year} prices)"
        )
    if proxy.kind == "ashe-weekly-pay":
        return f"ASHE median weekly pay for the place x {proxy.weeks}"
    return f"£{proxy.value:,.2f} ({proxy.price_year} prices)"


def _read_toml(name: str) -> dict[str, Any]:
    text = resources.files("greatjobs.socialvalue").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(text)


def measure_from_dict(raw: dict[str, Any], local: bool = False) -> Measure:
    proxy_raw = raw.get("proxy")
    proxy = Proxy(**proxy_raw) if proxy_raw else None
    fields = {k: v for k, v in raw.items() if k != "proxy"}
    try:
        return Measure(**fields, proxy=proxy, local=local)
    except TypeError as exc:
        raise DataError(f"Measure {raw.get('id', '?')}: {exc}") from exc


def load_library(home: Home | None = None) -> MeasuresLibrary:
    """The measures library shipped with greatjobs (cached).

    Proxies are uprated with the GDP deflator refreshed from ONS into ``home``
    (``greatjobs data update --source gdp-deflator``) when there is one, and otherwise with the
    packaged ``deflators.toml``, whose values are not verified and say so.
    """
    record = None if home is None else home.updates / f"{GDP_DEFLATOR.dataset_id}.json"
    if record is None or not record.is_file():
        return _load_library(None, "")
    return _load_library(record, record.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _load_library(deflator_record: Path | None, record_text: str) -> MeasuresLibrary:
    """Cached by the refreshed deflator's provenance record, path and text: every refresh
    rewrites it (new checksum, new retrieval time), so a running web app picks the refresh up."""
    raw = _read_toml("measures.toml")
    d = _read_toml("deflators.toml")
    series = d["series"]
    deflator = Deflator(
        index={int(k): float(v) for k, v in d["index"].items()},
        name=series["name"],
        publisher=series["publisher"],
        release=series["release"],
        verified=bool(series["verified"]),
    )
    if deflator_record is not None:
        deflator = refreshed_deflator(deflator_record, base_year=int(series["base_year"]))
    return MeasuresLibrary(
        version=raw["version"],
        measures=tuple(measure_from_dict(m) for m in raw["measure"]),
        wellby_value=float(raw["wellby"]["value"]),
        wellby_price_year=int(raw["wellby"]["price_year"]),
        wellby_source=raw["wellby"]["source"],
        deflator=deflator,
    )


def refreshed_deflator(record: Path, base_year: int) -> Deflator:
    """The GDP deflator refreshed from ONS (its ``<id>.json`` record), rebased to
    ``base_year`` = 100. Rebasing leaves every uprating factor as the published values give it."""
    refresh = read_refresh(record)
    series = read_annual_series(refresh.checked_path())
    base = series.values.get(base_year)
    if not base:
        raise DataError(
            f"{refresh.path}: the refreshed ONS {series.cdid} series has no value for "
            f"{base_year}, the price year deflators are rebased to; run `greatjobs data update "
            f"--source {GDP_DEFLATOR.name}` again or delete it to use the packaged values."
        )
    return Deflator(
        index={year: value / base * 100 for year, value in sorted(series.values.items())},
        name=f"GDP deflator at market prices (calendar year), {base_year} = 100",
        publisher=f"Office for National Statistics, series {series.cdid} ({series.ons_dataset})",
        release=f"ONS {series.cdid} released {series.release_date}, retrieved "
        f"{refresh.retrieved_at[:10]} from {refresh.dataset.origin}",
        verified=True,
    )


def local_weekly_pay(
    con: duckdb.DuckDBPyConnection, area_code: str, up_to_year: int | None = None
) -> tuple[float, int]:
    """(median gross weekly pay, ASHE year) for an area: the latest ASHE figure in the warehouse,
    or the latest up to ``up_to_year`` (so that it matches a valuation's price year)."""
    row = con.execute(
        """
        SELECT value, YEAR(period_start) FROM core.indicator_value
        WHERE indicator = ? AND area_code = ? AND value IS NOT NULL
          AND (? IS NULL OR YEAR(period_start) <= ?)
        ORDER BY period_start DESC LIMIT 1
        """,
        [PAY_INDICATOR, area_code, up_to_year, up_to_year],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"No ASHE median weekly pay for area {area_code!r} in the warehouse.")
    return float(row[0]), int(row[1])
