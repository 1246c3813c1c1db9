"""The bounds of the figures in commissioning, bidding and delivery, written once.

A contract, a bid, a return or a local measure's proxy outside these bounds is a typing slip or an
attempt to game the evaluation, never a real figure: each check returns a message for the person
who entered it (naming the figure as they know it), or None when the figure is possible. The web
forms and any other caller refuse the same things with the same words.
"""

from __future__ import annotations

import datetime as dt

MAX_CONTRACT_VALUE = 10_000_000_000
"""£10 billion: far above any contract a city region lets; a larger figure is a slip."""
MAX_TERM_MONTHS = 120
"""Bids commit social value for each contract year, so a term is at most 10 years."""
MAX_TERM_YEARS = MAX_TERM_MONTHS // 12
MAX_EMPLOYEES = 1_000_000
"""People working on one contract: more than the whole city region's largest employers."""
MAX_QUANTITY = 1_000_000
"""Of any measure in one contract year (a commitment) or one period (a return)."""
MAX_TARGET = MAX_QUANTITY * MAX_TERM_YEARS
"""Of any measure over a whole contract."""
MAX_PROXY = 1_000_000
"""£ per unit of a local measure: a year's full-time pay is a few tens of thousands."""
EARLIEST_YEAR = 2000
"""No contract starts, proxy is priced or report is made for a year before this."""
EARLIEST_PRICE_YEAR = EARLIEST_YEAR
LATEST_START_YEAR = 2099


def _pounds(value: float) -> str:
    return f"£{value:,.2f}".removesuffix(".00")


def contract_value_problem(value: float) -> str | None:
    if value <= 0:
        return "The contract value must be more than £0."
    if value > MAX_CONTRACT_VALUE:
        return f"The contract value cannot be more than {_pounds(MAX_CONTRACT_VALUE)}."
    return None


def term_problem(months: int) -> str | None:
    if not 1 <= months <= MAX_TERM_MONTHS:
        return (
            f"The term must be from 1 to {MAX_TERM_MONTHS} months: bids commit social value for "
            f"each contract year, for {MAX_TERM_YEARS} years at most."
        )
    return None


def start_date_problem(start: dt.date) -> str | None:
    if not EARLIEST_YEAR <= start.year <= LATEST_START_YEAR:
        return f"The start date must be from {EARLIEST_YEAR} to {LATEST_START_YEAR}."
    return None


def price_problem(price: float) -> str | None:
    if price <= 0:
        return "The price must be more than £0."
    if price > MAX_CONTRACT_VALUE:
        return f"The price cannot be more than {_pounds(MAX_CONTRACT_VALUE)}."
    return None


def quantity_problem(title: str, value: float, ceiling: float = MAX_QUANTITY) -> str | None:
    """A commitment, target or reported figure of the measure called ``title``."""
    if value < 0:
        return f"{title} cannot be negative (you entered {value:g})."
    if value > ceiling:
        return f"{title} cannot be more than {ceiling:,.0f} (you entered {value:,.0f})."
    return None


def employees_problem(value: float) -> str | None:
    if value < 0:
        return f"Employees working on the contract cannot be negative (you entered {value:g})."
    if value > MAX_EMPLOYEES:
        return (
            f"Employees working on the contract cannot be more than {MAX_EMPLOYEES:,} "
            f"(you entered {value:,.0f})."
        )
    return None


def proxy_problem(value: float) -> str | None:
    """A local measure's financial proxy, £ per unit."""
    if value <= 0:
        return "A financial proxy must be more than £0 per unit."
    if value > MAX_PROXY:
        return f"A financial proxy cannot be more than {_pounds(MAX_PROXY)} per unit."
    return None


def price_year_problem(year: int, this_year: int | None = None) -> str | None:
    """The year whose prices a proxy is in: from 2000 to this year."""
    this_year = this_year or dt.date.today().year
    if not EARLIEST_PRICE_YEAR <= year <= this_year:
        return f"The price year must be from {EARLIEST_PRICE_YEAR} to {this_year}."
    return None
