"""Impact appraisal: the UK input-output model, its regionalisation, additionality and scenarios.

* :mod:`~greatjobs.impact.ioat`: the ONS UK Input-Output Analytical Tables 2019, from the warehouse
  (written by :mod:`~greatjobs.impact.build`, with employment by IOAT industry);
* :mod:`~greatjobs.impact.leontief`: A, L, household closure (pure numpy);
* :mod:`~greatjobs.impact.regional`: SLQ, CILQ and FLQ regionalisation with BRES employment;
* :mod:`~greatjobs.impact.multipliers`: Type I and II multipliers and effects per £m;
* :mod:`~greatjobs.impact.scenario`: direct, indirect and induced impact of final demand;
  the "EU funds end" scenario;
* :mod:`~greatjobs.impact.additionality`: HCA gross-to-net with Monte Carlo intervals;
* :mod:`~greatjobs.impact.portfolio`: appraising a CSV portfolio of projects under a budget.

Methods and references: ``docs/methods/impact.md``.
"""

from greatjobs.impact.additionality import AdditionalitySpec, Estimate, net_additional
from greatjobs.impact.ioat import IOTables, read_ioat
from greatjobs.impact.leontief import calc_A, calc_L, calc_L_type_ii
from greatjobs.impact.multipliers import place_multipliers
from greatjobs.impact.portfolio import appraise_portfolio, read_portfolio
from greatjobs.impact.regional import place_employment, regionalise
from greatjobs.impact.scenario import eu_funds_end, simulate_impact

__all__ = [
    "AdditionalitySpec",
    "Estimate",
    "IOTables",
    "appraise_portfolio",
    "calc_A",
    "calc_L",
    "calc_L_type_ii",
    "eu_funds_end",
    "net_additional",
    "place_employment",
    "place_multipliers",
    "read_ioat",
    "read_portfolio",
    "regionalise",
    "simulate_impact",
]
