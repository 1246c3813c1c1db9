"""Build GOV.UK Frontend components from plain Python values (views pass them to templates)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString
from govuk_frontend_django.components.table import GovUKTable

Cell = str | int | float | SafeString | dict[str, Any] | None


def _cell(value: Cell) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, SafeString):
        return {"html": str(value)}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"text": f"{value:,}", "format": "numeric"}
    return {"text": "" if value is None else str(value)}


def table(
    head: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    caption: str | None = None,
    caption_size: str = "m",
    first_cell_is_header: bool = False,
    **attributes: Any,
) -> GovUKTable:
    """A GOV.UK table: strings are escaped text, SafeStrings are HTML, numbers right-aligned."""
    head_cells = [_cell(h) for h in head]
    body = [[_cell(c) for c in row] for row in rows]
    for column, cell in enumerate(head_cells):
        if body and all(row[column].get("format") == "numeric" for row in body):
            cell.setdefault("format", "numeric")
    return GovUKTable(
        head=head_cells,  # type: ignore[arg-type]
        rows=body,  # type: ignore[arg-type]
        caption=caption,
        captionClasses=f"govuk-table__caption--{caption_size}" if caption else None,
        firstCellIsHeader=first_cell_is_header or None,
        attributes=attributes or None,
    )
