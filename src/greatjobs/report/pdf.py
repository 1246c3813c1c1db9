"""Print the evidence report to PDF with headless Chromium (no network, no JavaScript needed)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from greatjobs.errors import GreatjobsError

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


class ChromiumMissingError(GreatjobsError):
    """The PDF needs Chromium, which was not found."""

    exit_code = 3


def find_chromium(chromium: str | None = None) -> str:
    """The Chromium to use: the path given (e.g. from ``$CHROMIUM``), else /usr/bin/chromium,
    else ``chromium`` or ``chromium-browser`` on the PATH."""
    candidates = [chromium] if chromium else [DEFAULT_CHROMIUM, "chromium", "chromium-browser"]
    for candidate in candidates:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    where = chromium or DEFAULT_CHROMIUM
    raise ChromiumMissingError(
        f"The PDF needs Chromium, which was not found at {where}. Install it (Debian: "
        "`apt-get install chromium`, or `make browser`) or set CHROMIUM to its path; the HTML "
        "report was written anyway."
    )


def html_to_pdf(html_file: Path, pdf_file: Path, chromium: str | None = None) -> Path:
    """Render ``html_file`` to ``pdf_file`` with headless Chromium; returns ``pdf_file``."""
    browser = find_chromium(chromium)
    pdf_file = pdf_file.resolve()
    with tempfile.TemporaryDirectory(prefix="greatjobs-chromium-") as profile:
        command = [
            browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri(),
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GreatjobsError(f"Chromium could not print the report to PDF: {exc}.") from exc
    if done.returncode != 0 or not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise GreatjobsError(
            "Chromium could not print the report to PDF (exit code "
            f"{done.returncode}): {' '.join(detail) or 'no output'}."
        )
    return pdf_file
