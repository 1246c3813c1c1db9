"""Read an impact map (an :class:`SroiSpec`) from a TOML file, and write one back.

The format (documented in ``docs/methods/social-value.md``)::

    title = "Employment support programme"
    investment = 100000          # GBP, the value of inputs
    discount_rate = 0.035        # optional: HM Treasury Green Book rate by default
    price_year = 2024            # optional

    [[outcome]]
    name = "People move into work"
    stakeholder = "Participants"
    quantity = 20
    proxy = 6500                 # GBP per unit, in price_year prices
    proxy_source = "..."
    duration = 3                 # years
    deadweight = 0.25            # shares, 0 to 1
    displacement = 0.0
    attribution = 0.1
    drop_off = 0.2
    [outcome.range]              # optional: uncertain assumptions as [low, high]
    deadweight = [0.1, 0.4]
    quantity = [15, 25]
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from greatjobs.errors import DataError
from greatjobs.socialvalue.sroi import GREEN_BOOK_DISCOUNT_RATE, SHARES, Outcome, SroiSpec

OUTCOME_KEYS = {
    "name",
    "stakeholder",
    "quantity",
    "proxy",
    "proxy_source",
    "duration",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "range",
}


def parse_impact_map(data: dict[str, Any], where: str = "the impact map") -> SroiSpec:
    for key in ("title", "investment", "outcome"):
        if key not in data:
            raise DataError(f"{where} has no {key!r}.")
    outcomes = []
    for n, raw in enumerate(data["outcome"], start=1):
        unknown = set(raw) - OUTCOME_KEYS
        if unknown:
            raise DataError(f"{where}, outcome {n}: unknown field(s) {', '.join(sorted(unknown))}.")
        missing = {"name", "quantity", "proxy"} - set(raw)
        if missing:
            raise DataError(f"{where}, outcome {n}: missing {', '.join(sorted(missing))}.")
        ranges = {k: (float(v[0]), float(v[1])) for k, v in raw.get("range", {}).items()}
        fields = {k: v for k, v in raw.items() if k != "range"}
        outcomes.append(Outcome(**fields, ranges=ranges))
    return SroiSpec(
        title=str(data["title"]),
        investment=float(data["investment"]),
        outcomes=tuple(outcomes),
        discount_rate=float(data.get("discount_rate", GREEN_BOOK_DISCOUNT_RATE)),
        price_year=data.get("price_year"),
        notes=str(data.get("notes", "")),
    )


def read_impact_map(path: Path) -> SroiSpec:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise DataError(f"No impact map at {path}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path} is not valid TOML: {exc}.") from exc
    return parse_impact_map(data, where=path.name)


def impact_map_toml(spec: SroiSpec) -> str:
    """The impact map as TOML that :func:`read_impact_map` reads back to the same spec, so a
    valuation made elsewhere (the web app) can be rebuilt with ``greatjobs socialvalue sroi``."""
    lines = [f"title = {_toml(spec.title)}"]
    if spec.notes:
        lines.append(f"notes = {_toml(spec.notes)}")
    lines += [
        f"investment = {_toml(spec.investment)}          # GBP, the value of inputs",
        f"discount_rate = {_toml(spec.discount_rate)}",
    ]
    if spec.price_year is not None:
        lines.append(f"price_year = {spec.price_year}")
    for o in spec.outcomes:
        lines += ["", "[[outcome]]", f"name = {_toml(o.name)}"]
        if o.stakeholder:
            lines.append(f"stakeholder = {_toml(o.stakeholder)}")
        lines += [
            f"quantity = {_toml(o.quantity)}",
            f"proxy = {_toml(o.proxy)}",
            f"proxy_source = {_toml(o.proxy_source)}",
            f"duration = {o.duration}",
            *(f"{share} = {_toml(getattr(o, share))}" for share in SHARES),
        ]
        if o.ranges:
            lines.append("[outcome.range]")
            lines += [
                f"{param} = [{_toml(low)}, {_toml(high)}]"
                for param, (low, high) in sorted(o.ranges.items())
            ]
    return "\n".join(lines) + "\n"


def _toml(value: str | float) -> str:
    """A TOML value: strings as JSON-escaped basic strings (valid TOML), floats exactly."""
    if isinstance(value, str):
        return json.dumps(value)
    if not math.isfinite(value):
        raise DataError(f"Cannot write {value} in an impact map.")
    return repr(float(value))
