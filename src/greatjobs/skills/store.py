"""Where imported provider records are kept between commands: ``<home>/skills/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.skills.records import ImportResult


def _folder(home: Home) -> Path:
    return home.root / "skills"


def save_import(home: Home, result: ImportResult, source: str) -> None:
    """Replace the stored provider records with this import's loaded rows (and its notes)."""
    folder = _folder(home)
    folder.mkdir(parents=True, exist_ok=True)
    result.records.to_parquet(folder / "providers.parquet", index=False)
    meta = {
        "source": source,
        "read": result.read,
        "loaded": result.loaded,
        "rejected": result.rejected,
        "notes": result.notes,
    }
    (folder / "providers.json").write_text(json.dumps(meta, indent=2), "utf-8")


def stored_import(home: Home) -> dict[str, Any] | None:
    """What import the stored provider records came from (source, counts, notes), or ``None``
    when none are stored."""
    folder = _folder(home)
    if not (folder / "providers.parquet").is_file():
        return None
    meta: dict[str, Any] = json.loads((folder / "providers.json").read_text("utf-8"))
    return meta


def load_import(home: Home) -> tuple[pd.DataFrame, dict[str, object]]:
    """The stored provider records and what import they came from."""
    meta = stored_import(home)
    if meta is None:
        raise DataError(
            "No provider records imported yet: run `greatjobs skills import FILE` "
            "(or `greatjobs skills import --demo` for the ILLUSTRATIVE demo file)."
        )
    return pd.read_parquet(_folder(home) / "providers.parquet"), meta
