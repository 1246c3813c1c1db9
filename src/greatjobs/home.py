"""Where greatjobs writes: the warehouse, the web app's database, uploads and refreshed data.

Everything lives under one directory, the *home*. The faces (CLI, web) choose it, usually from the
environment variable ``GREATJOBS_HOME``; the library only ever receives a :class:`Home`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HOME_ENV_VAR = "GREATJOBS_HOME"


def default_home_dir() -> Path:
    """The per-user default: ``~/.local/share/greatjobs`` (XDG data directory convention)."""
    return Path.home() / ".local" / "share" / "greatjobs"


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Home:
        value = environ.get(HOME_ENV_VAR, "").strip()
        return cls(Path(value).expanduser() if value else default_home_dir())

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def app_database(self) -> Path:
        return self.root / "app.sqlite3"

    @property
    def spend_ledger(self) -> Path:
        """Users' imported spend ledgers and supplier resolution (kept apart from the warehouse,
        which is rebuilt from the snapshot)."""
        return self.root / "spend.duckdb"

    @property
    def skills_store(self) -> Path:
        """Imported training-provider files, their rejected rows and who imported them (one
        store for the command line and the web)."""
        return self.root / "skills.duckdb"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def updates(self) -> Path:
        """Datasets refreshed from publishers' APIs, which override the bundled snapshot."""
        return self.root / "updates"

    def ensure(self) -> Home:
        for path in (self.root, self.uploads, self.updates):
            path.mkdir(parents=True, exist_ok=True)
        return self
