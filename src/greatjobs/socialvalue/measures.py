"""The open measures library: measures, their PPN mapping and financial proxies, read from
``data/measures.toml``; proxies uprated to a common price year with the GDP deflator
(``data/deflators.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.text import close_matches

PAY_INDICATOR = "Gross median weekly pay"


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
        return MeasuresLibrary(
            self.version,
            self.measures + tuple(local),
            self.wellby_value,
            self.wellby_price_year,
            self.wellby_source,
            self.deflator,
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
                }
            )
        return pd.DataFrame(rows)


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


@cache
def load_library() -> MeasuresLibrary:
    """The measures library shipped with greatjobs (cached)."""
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
    return MeasuresLibrary(
        version=raw["version"],
        measures=tuple(measure_from_dict(m) for m in raw["measure"]),
        wellby_value=float(raw["wellby"]["value"]),
        wellby_price_year=int(raw["wellby"]["price_year"]),
        wellby_source=raw["wellby"]["source"],
        deflator=deflator,
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
