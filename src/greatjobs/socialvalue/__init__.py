"""Social value in commissioning: an open measures library, bid evaluation, delivery checks and
SROI valuation with sensitivity and Monte Carlo. No Django, no click."""

from greatjobs.socialvalue.counting import Exclusion, Hire, dedupe_disadvantaged_hires
from greatjobs.socialvalue.delivery import check_return, delivery_statuses, overdue_periods
from greatjobs.socialvalue.evaluation import (
    MINIMUM_SOCIAL_VALUE_WEIGHT,
    BidInput,
    WeightingError,
    Weights,
    check_weights,
    committed_value,
    evaluate_bids,
)
from greatjobs.socialvalue.impactmap import impact_map_toml, parse_impact_map, read_impact_map
from greatjobs.socialvalue.measures import Measure, MeasuresLibrary, Proxy, load_library
from greatjobs.socialvalue.sroi import Outcome, SroiResult, SroiSpec, value_sroi
from greatjobs.socialvalue.uncertainty import monte_carlo, sensitivity

__all__ = [
    "MINIMUM_SOCIAL_VALUE_WEIGHT",
    "BidInput",
    "Exclusion",
    "Hire",
    "Measure",
    "MeasuresLibrary",
    "Outcome",
    "Proxy",
    "SroiResult",
    "SroiSpec",
    "WeightingError",
    "Weights",
    "check_return",
    "check_weights",
    "committed_value",
    "dedupe_disadvantaged_hires",
    "delivery_statuses",
    "evaluate_bids",
    "impact_map_toml",
    "load_library",
    "monte_carlo",
    "overdue_periods",
    "parse_impact_map",
    "read_impact_map",
    "sensitivity",
    "value_sroi",
]
