"""Good work: fair-employment charter assessment, pay and security facts, and the place roll-up.

* :mod:`frameworks`: charters as data (default: the Liverpool City Region Fair Employment
  Charter; also the Greater Manchester Good Employment Charter).
* :mod:`facts`: the pay and security facts an assessment checks (impossible numbers refused).
* :mod:`assessment`: the tier decision, explained.
* :mod:`place`: charter coverage by district and sector; insecure work (TUC definition).
* :mod:`procurement`: a supplier's charter status by name.

See ``docs/methods/good-work.md``.
"""

from greatjobs.goodwork.assessment import QuestionResult, SectionScore, TierDecision, decide_tier
from greatjobs.goodwork.facts import PayFacts
from greatjobs.goodwork.frameworks import (
    Framework,
    Question,
    Section,
    Tier,
    get_framework,
    load_frameworks,
    parse_framework,
)
from greatjobs.goodwork.place import CoverageRecord, InsecureWork, charter_coverage, insecure_work
from greatjobs.goodwork.procurement import CharterRecord, CharterStatus, supplier_charter_status

__all__ = [
    "CharterRecord",
    "CharterStatus",
    "CoverageRecord",
    "Framework",
    "InsecureWork",
    "PayFacts",
    "Question",
    "QuestionResult",
    "Section",
    "SectionScore",
    "Tier",
    "TierDecision",
    "charter_coverage",
    "decide_tier",
    "get_framework",
    "insecure_work",
    "load_frameworks",
    "parse_framework",
    "supplier_charter_status",
]
