"""Build GOV.UK Frontend components from plain Python values (views pass them to templates)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.table import GovUKTable, TableHead, TableRows

Cell = str | int | float | SafeString | dict[str, Any] | None
MISSING = "–"
"""What a table shows for a value that is not there."""


def _cell(value: Cell) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, SafeString):
        return {"html": str(value)}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"text": f"{value:,}", "format": "numeric"}
    return {"text": "" if value is None else str(value)}


def numeric(text: str) -> dict[str, str]:
    """A cell holding a number already written out (£1,200, 45%, 3 to 7): right-aligned."""
    return {"text": text, "format": "numeric"}


def figure(value: Any, places: int | str = "-2", prefix: str = "", missing: str = MISSING) -> str:
    """A number written as the templates' ``floatformat`` writes it (``places`` as its argument:
    "2g" two places with thousands separators, "-2" up to two), after ``prefix`` ("£");
    ``missing`` for a value that is not there. Exact for Decimals."""
    return missing if _missing(value) else f"{prefix}{floatformat(value, places)}"


def link(text: Any, href: str, hidden: Any = "") -> SafeString:
    """A link for a table cell, its text and address escaped; ``hidden`` is read only to screen
    readers after the text (say which row a "Download" link is for)."""
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def table(
    head: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    caption: str | None = None,
    caption_size: str = "m",
    first_cell_is_header: bool = False,
    attributes: Mapping[str, str] | None = None,
) -> GovUKTable:
    """A GOV.UK table: strings are escaped text, SafeStrings are HTML, numbers right-aligned.
    ``caption_size`` "hidden" keeps the caption for screen readers only; ``attributes`` are the
    table element's HTML attributes (``{"data-testid": "trend"}``)."""
    head_cells = [_cell(h) for h in head]
    body = [[_cell(c) for c in row] for row in rows]
    for column, cell in enumerate(head_cells):
        if body and all(row[column].get("format") == "numeric" for row in body):
            cell.setdefault("format", "numeric")
    return GovUKTable(
        head=[TableHead(**cell) for cell in head_cells],
        rows=[[TableRows(**cell) for cell in row] for row in body],
        caption=caption,
        captionClasses=_caption_classes(caption_size) if caption else None,
        firstCellIsHeader=first_cell_is_header or None,
        attributes=dict(attributes) if attributes else None,
    )


def _caption_classes(size: str) -> str:
    return "govuk-visually-hidden" if size == "hidden" else f"govuk-table__caption--{size}"


def readable_number(value: Any) -> str:
    """A number as people read it in a table: whole numbers with thousands separators; other
    numbers to the nearest whole number from 1,000, else to 3 significant figures."""
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    number = float(value)
    return f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.3g}"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class Column:
    """How one column of a frame reads on a page: its header, and how each value is written."""

    header: str
    format: str | Callable[[Any], str] | None = None
    """A format pattern ("{:.1%}") or a function of the value; None: numbers by
    :func:`readable_number`, anything else as it is."""
    numeric: bool | None = None
    """Right-aligned; None: when the value is a number."""
    missing: str = MISSING
    """What a missing value reads as."""

    def cell(self, value: Any) -> dict[str, str]:
        is_number = isinstance(value, numbers.Number) and not isinstance(value, bool)
        right = self.numeric if self.numeric is not None else is_number
        if _missing(value):
            text = self.missing
        elif isinstance(self.format, str):
            text = self.format.format(value)
        elif self.format is not None:
            text = self.format(value)
        else:
            text = readable_number(value) if is_number else str(value)
        return numeric(text) if right else {"text": text}


def frame_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str | Column],
    caption: str | None = None,
    caption_size: str = "m",
    first_cell_is_header: bool = False,
    attributes: Mapping[str, str] | None = None,
) -> GovUKTable:
    """A GOV.UK table of the columns of ``frame`` named in ``columns`` (in that order), each under
    its human header: the one place a frame's machine column names become words. A column the
    frame lacks is an error (a renamed column must not silently vanish from a page)."""
    spec = {name: c if isinstance(c, Column) else Column(c) for name, c in columns.items()}
    if missing := [name for name in spec if name not in frame.columns]:
        raise KeyError(f"The frame has no column {', '.join(missing)}.")
    rows = [
        [spec[name].cell(value) for name, value in zip(spec, record, strict=True)]
        for record in frame[list(spec)].itertuples(index=False)
    ]
    return table(
        [c.header for c in spec.values()],
        rows,
        caption=caption,
        caption_size=caption_size,
        first_cell_is_header=first_cell_is_header,
        attributes=attributes,
    )


def scroll_region(component: Any, label: str) -> SafeString:
    """A wide table (or other component) inside its own focusable region that scrolls sideways,
    so the page itself never does; ``label`` names the region for screen readers."""
    return format_html(
        '<div class="greatjobs-table-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
        label,
        component,
    )
