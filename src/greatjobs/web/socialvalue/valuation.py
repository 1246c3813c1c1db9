"""The bridge from the database to the library: committed value, bid evaluation, delivery status.

Views call these; every number comes from ``greatjobs.socialvalue`` so it is computed one way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from greatjobs.errors import GreatjobsError
from greatjobs.socialvalue import (
    BidInput,
    MeasuresLibrary,
    Weights,
    committed_value,
    delivery_statuses,
    evaluate_bids,
    load_library,
    overdue_periods,
)
from greatjobs.socialvalue.delivery import MeasureStatus
from greatjobs.socialvalue.evaluation import BidResult
from greatjobs.socialvalue.measures import Measure, Proxy, local_weekly_pay
from greatjobs.web.core.warehouse import current_home, request_warehouse
from greatjobs.web.socialvalue.models import (
    Bid,
    Commitment,
    Contract,
    ContractMeasure,
    DeliveryReturn,
    LocalMeasure,
    ReturnLine,
)


def shipped_library() -> MeasuresLibrary:
    """The library shipped with greatjobs, uprated with the app's refreshed deflator if any."""
    return load_library(current_home())


def library() -> MeasuresLibrary:
    """The open library plus every organisation's local measures (the library is open to all),
    uprated with the GDP deflator refreshed into the app's home if there is one.

    Never fails on a bad local measure: one whose code clashes is left out and one whose proxy
    is out of bounds is not valued, each with a note (``MeasuresLibrary.merge_local``); a
    measure a contract names that is no longer in the library is shown as withdrawn."""
    rows = LocalMeasure.objects.select_related("organisation").order_by("pk")  # first one wins
    merged = shipped_library().merge_local([_local_measure(m) for m in rows])
    return _with_withdrawn(merged)


def _local_measure(m: LocalMeasure) -> Measure:
    proxy = None
    if m.proxy_value is not None and m.proxy_price_year:
        proxy = Proxy(
            kind="fixed",
            source=m.proxy_source or str(m.organisation),
            value=float(m.proxy_value),
            price_year=m.proxy_price_year,
        )
    return Measure(
        id=m.code,
        title=m.title,
        outcome=m.outcome,
        theme=m.theme,
        ppn0620_outcome="",
        unit=m.unit,
        evidence=m.evidence,
        evidence_required=m.evidence_required,
        disadvantaged=m.disadvantaged,
        ppn002_note=f"Local measure of {m.organisation}",
        proxy=proxy,
        local=True,
        retired=m.retired_at is not None,
    )


def _with_withdrawn(lib: MeasuresLibrary) -> MeasuresLibrary:
    """``lib`` plus a stand-in for each measure that contracts, bids or returns name but the
    library no longer has (a local measure left out), so every page can still show them."""
    named = (
        ContractMeasure.objects.order_by()
        .values_list("measure_id", flat=True)
        .union(
            Commitment.objects.order_by().values_list("measure_id", flat=True),
            ReturnLine.objects.order_by().values_list("measure_id", flat=True),
        )
    )
    known = {m.id for m in lib.measures}
    missing = sorted(set(named) - known)
    if not missing:
        return lib
    return replace(lib, measures=lib.measures + tuple(withdrawn(m) for m in missing))


def withdrawn(measure_id: str) -> Measure:
    """A stand-in for a measure no longer in the library: counted, never valued or offered."""
    return Measure(
        id=measure_id,
        title=f"Withdrawn measure {measure_id}",
        outcome="No longer in the measures library",
        theme="Withdrawn measures",
        ppn0620_outcome="",
        unit="units",
        evidence="As agreed with the commissioner",
        evidence_required=False,
        disadvantaged=False,
        ppn002_note="No longer in the measures library",
        local=True,
        retired=True,
    )


@dataclass(frozen=True)
class UnitValues:
    values: dict[str, float | None]
    price_year: int
    notes: tuple[str, ...]


def unit_values(contract: Contract, lib: MeasuresLibrary) -> UnitValues:
    """£ per unit of each of the contract's measures, in the deflator's latest year's prices."""
    year = lib.deflator.latest_year
    notes = [f"Values in {year} prices."]
    pay: float | None = None
    values: dict[str, float | None] = {}
    for cm in contract.measures.all():
        proxy = lib.get(cm.measure_id).proxy
        if proxy is not None and proxy.kind == "ashe-weekly-pay" and pay is None:
            try:
                with request_warehouse() as con:
                    pay, pay_year = local_weekly_pay(con, contract.place_code, up_to_year=year)
                notes.append(
                    f"Local jobs valued at ASHE {pay_year} median weekly pay for "
                    f"{contract.place_name}, £{pay:,.2f} x 52."
                )
            except GreatjobsError as exc:
                notes.append(f"Local pay unavailable: {exc}")
        try:
            values[cm.measure_id] = lib.unit_value(cm.measure_id, year, weekly_pay=pay)
        except GreatjobsError as exc:
            values[cm.measure_id] = None
            notes.append(f"{cm.measure_id} not valued: {exc}")
    if lib.deflator.verified:
        notes.append(f"Proxies uprated with the GDP deflator: {lib.deflator.release}.")
    else:
        notes.append("The GDP deflator values used to uprate proxies are not yet verified.")
    return UnitValues(values, year, tuple(notes))


def commitments_of(bid: Bid) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = defaultdict(dict)
    for c in bid.commitments.all():
        out[c.measure_id][c.year] = float(c.quantity)
    return dict(out)


def bid_committed_value(bid: Bid, units: UnitValues) -> tuple[float, list[str]]:
    return committed_value(commitments_of(bid), units.values)


@dataclass(frozen=True)
class Evaluation:
    results: list[BidResult]
    bids: dict[str, Bid]
    units: UnitValues
    value_notes: dict[str, list[str]]
    weights: Weights


def evaluate(contract: Contract) -> Evaluation:
    lib = library()
    units = unit_values(contract, lib)
    weights = Weights(
        float(contract.price_weight),
        float(contract.quality_weight),
        float(contract.social_value_weight),
        method=contract.scoring_method,
    )
    inputs, bids, notes = [], {}, {}
    for bid in contract.bids.select_related("organisation").prefetch_related("commitments"):
        value, value_notes = bid_committed_value(bid, units)
        name = bid.organisation.name
        bids[name], notes[name] = bid, value_notes
        inputs.append(
            BidInput(
                name,
                float(bid.price),
                None if bid.quality_score is None else float(bid.quality_score),
                None if bid.method_statement_score is None else float(bid.method_statement_score),
                value,
            )
        )
    return Evaluation(evaluate_bids(inputs, weights), bids, units, notes, weights)


BASES = {
    "verified": "Verified by the commissioner",
    "delivered": "Delivered (suppliers' returns, verified or not)",
    "committed": "Committed (the winning bid)",
}
"""The quantities a contract can be valued on, most certain first."""


def quantities(contract: Contract) -> dict[str, dict[str, float]]:
    """Quantity per measure on each basis (``BASES``): committed by the winning bid, delivered in
    returns and verified by the commissioner, summed over the contract so far."""
    totals: dict[str, dict[str, float]] = {basis: defaultdict(float) for basis in BASES}
    if contract.awarded_bid:
        for measure, by_year in commitments_of(contract.awarded_bid).items():
            totals["committed"][measure] = sum(by_year.values())
    for r in contract.returns.prefetch_related("lines"):
        for line in r.lines.all():
            totals["delivered"][line.measure_id] += float(line.quantity)
            if r.status == DeliveryReturn.Status.VERIFIED and line.verified_quantity is not None:
                totals["verified"][line.measure_id] += float(line.verified_quantity)
    return {basis: dict(by_measure) for basis, by_measure in totals.items()}


def delivery(contract: Contract, today: dt.date | None = None) -> list[MeasureStatus]:
    today = today or dt.date.today()
    totals = quantities(contract)
    committed, delivered, verified = (totals[b] for b in ("committed", "delivered", "verified"))
    end = contract.start_date + dt.timedelta(days=round(contract.term * 30.44))
    span = (end - contract.start_date).days or 1
    elapsed = min(max((today - contract.start_date).days / span, 0.0), 1.0)
    return delivery_statuses(committed, delivered, verified, elapsed)


def overdue_returns(contracts: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Awarded contracts' periods whose return is overdue, for the commissioner's list."""
    today = today or dt.date.today()
    rows = []
    for contract in contracts.filter(status=Contract.Status.AWARDED):
        periods = {label: due for label, _end, due in contract.periods()}
        returned = set(contract.returns.values_list("period", flat=True))
        for period in overdue_periods(periods, returned, today):
            rows.append(
                {
                    "contract": contract,
                    "supplier": contract.awarded_bid.organisation if contract.awarded_bid else None,
                    "period": period,
                    "due": periods[period],
                }
            )
    return rows


@dataclass(frozen=True)
class ContractValues:
    committed: float
    delivered: float
    verified: float
    notes: tuple[str, ...]


def contract_values(
    contract: Contract, lib: MeasuresLibrary | None = None, year: int | None = None
) -> ContractValues:
    """£ committed by the winning bid, £ delivered and £ verified (in returns sent in ``year``,
    or all so far), all at the same proxies."""
    lib = lib or library()
    units = unit_values(contract, lib)
    committed = 0.0
    if contract.awarded_bid:
        committed, _ = bid_committed_value(contract.awarded_bid, units)
    delivered = verified = 0.0
    returns = contract.returns.prefetch_related("lines")
    if year is not None:
        returns = returns.filter(submitted_at__year=year)
    for r in returns:
        for line in r.lines.all():
            unit = units.values.get(line.measure_id)
            if unit is None:
                continue
            delivered += float(line.quantity) * unit
            if r.status == DeliveryReturn.Status.VERIFIED and line.verified_quantity is not None:
                verified += float(line.verified_quantity) * unit
    return ContractValues(committed, delivered, verified, units.notes)
