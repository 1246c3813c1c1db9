"""Download any table as CSV or Excel: one helper for every page that shows a table."""

from __future__ import annotations

import io
import re

import pandas as pd
from django.http import Http404, HttpResponse

from greatjobs.provenance import Provenance

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(
    frame: pd.DataFrame, name: str, fmt: str, notes: Provenance | list[str] | None = None
) -> HttpResponse:
    """A download of ``frame`` as ``<name>.csv`` or ``<name>.xlsx``.

    ``notes`` (a result's :class:`~greatjobs.provenance.Provenance`, or lines of text such as its
    :meth:`~greatjobs.provenance.Provenance.lines`: source, licence, method) go under the CSV as
    comment lines starting with ``#`` and on a second "Notes" sheet in Excel, so a downloaded
    table keeps its provenance.
    """
    if isinstance(notes, Provenance):
        notes = notes.lines()
    if fmt not in EXPORT_FORMATS:
        raise Http404(f"No export format {fmt!r}; use csv or xlsx.")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "table"
    frame = defuse_formulas(frame)
    if fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n")
        text += "".join(f"# {note}\n" for note in notes or [])
        body: bytes = text.encode("utf-8")
    else:
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name="Data", index=False)
            if notes:  # defused too: a note may quote a user's text (a custom place's name)
                notes_frame = defuse_formulas(pd.DataFrame({"Notes": notes}))
                notes_frame.to_excel(writer, sheet_name="Notes", index=False)
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula (e.g. an uploaded project name starting
    with "=") are prefixed with an apostrophe (OWASP's CSV-injection advice); numbers are kept."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
            )
    return out
