"""Skills value: provider scorecards, flags for poor value, DfE provider files, and alignment.

* :mod:`records`: import a provider file (every row validated, nothing lost).
* :mod:`store`: every import kept, with who made it (``Home.skills_store``), for the CLI and web.
* :mod:`scorecard`: costs per outcome, rates with Wilson intervals, value per public pound.
* :mod:`flags`: rules with thresholds held as data (``data/flags.toml``).
* :mod:`value`: the DfE net-present-value shape and its parameters (``data/value.toml``).
* :mod:`dfe`: readers for the DfE's NARTs and FE destinations files by provider.
* :mod:`alignment`: provision against priority sectors and employment growth.

See ``docs/methods/skills-value.md``.
"""

from importlib import resources
from pathlib import Path

from greatjobs.skills.flags import Flag, Rule, apply_rules, load_rules, parse_rules
from greatjobs.skills.records import ImportResult, RowError, import_records
from greatjobs.skills.scorecard import build_scorecard, provider_summary
from greatjobs.skills.stats import wilson_interval
from greatjobs.skills.value import ValueParameters, value_parameters


def illustrative_records_path() -> Path:
    """The bundled ILLUSTRATIVE demo provider file (invented providers, realistic ranges)."""
    return Path(
        str(resources.files("greatjobs.skills").joinpath("data/illustrative_providers.csv"))
    )


__all__ = [
    "Flag",
    "ImportResult",
    "RowError",
    "Rule",
    "ValueParameters",
    "apply_rules",
    "build_scorecard",
    "illustrative_records_path",
    "import_records",
    "load_rules",
    "parse_rules",
    "provider_summary",
    "value_parameters",
    "wilson_interval",
]
