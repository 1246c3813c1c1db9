"""The "state of the city region" evidence report: one self-contained HTML file (and a PDF).

``build_report(con, place)`` gathers the league tables with rank intervals, deprivation with its
map and pockets, the change 2019 -> 2025 and the inclusive-growth index; ``render_html(report)``
writes it as HTML with inline CSS and SVG (no external requests); ``html_to_pdf`` prints it
with headless Chromium. See ``docs/methods/report.md``.
"""

from greatjobs.report.content import EvidenceReport, build_report
from greatjobs.report.pdf import ChromiumMissingError, find_chromium, html_to_pdf
from greatjobs.report.render import render_html
from greatjobs.report.summary import HEADLINE_INDICATORS, PlaceSummary, place_summary

__all__ = [
    "HEADLINE_INDICATORS",
    "ChromiumMissingError",
    "EvidenceReport",
    "PlaceSummary",
    "build_report",
    "find_chromium",
    "html_to_pdf",
    "place_summary",
    "render_html",
]
