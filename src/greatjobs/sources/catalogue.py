"""The catalogue of datasets in the bundled open-data snapshot, read from ``sources.toml``.

Every figure greatjobs shows can be traced to one of these entries: publisher, title, vintage,
licence and its attribution text, the publisher's page, where our copy came from, what we did to it,
and the SHA-256 of the vendored file.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from greatjobs.errors import DataError, NotFoundError
from greatjobs.text import close_matches

CATALOGUE_FILE = "sources.toml"


@dataclass(frozen=True)
class Dataset:
    id: str
    file: str
    format: str
    publisher: str
    title: str
    vintage: str
    licence: str
    licence_url: str
    attribution: str
    url: str
    origin: str
    sha256: str
    caveats: str = ""
    source_sha256: str = ""
    rows: int | None = None
    columns: tuple[str, ...] = ()
    transformations: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_table(self) -> bool:
        """Tabular datasets are loaded into the warehouse's ``raw`` schema as they are."""
        return self.format == "parquet"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["columns"] = list(self.columns)
        out["transformations"] = list(self.transformations)
        return out


def default_snapshot_dir() -> Path:
    """The snapshot shipped with greatjobs.

    An installed wheel carries it as ``greatjobs/snapshot``; a source checkout has it at ``data/``.
    """
    packaged = Path(str(resources.files("greatjobs"))) / "snapshot"
    if (packaged / CATALOGUE_FILE).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "data"
    if (checkout / CATALOGUE_FILE).is_file():
        return checkout
    raise DataError(
        "The bundled data snapshot was not found: expected sources.toml in the installed package "
        f"({packaged}) or in the source checkout ({checkout})."
    )


@dataclass(frozen=True)
class Catalogue:
    directory: Path
    datasets: tuple[Dataset, ...]

    @classmethod
    def load(cls, directory: Path | None = None) -> Catalogue:
        directory = directory or default_snapshot_dir()
        path = directory / CATALOGUE_FILE
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise DataError(f"{path}: the snapshot catalogue is missing.") from exc
        except tomllib.TOMLDecodeError as exc:
            raise DataError(f"{path}: not valid TOML ({exc}).") from exc
        datasets = []
        for n, entry in enumerate(doc.get("dataset", []), start=1):
            try:
                entry = dict(entry)
                entry["columns"] = tuple(entry.get("columns", ()))
                entry["transformations"] = tuple(entry.get("transformations", ()))
                datasets.append(Dataset(**entry))
            except TypeError as exc:
                raise DataError(f"{path}: dataset entry {n} is malformed ({exc}).") from exc
        return cls(directory, tuple(datasets))

    def get(self, dataset_id: str) -> Dataset:
        for dataset in self.datasets:
            if dataset.id == dataset_id:
                return dataset
        raise NotFoundError(
            f"No dataset {dataset_id!r} in the snapshot.",
            close_matches(dataset_id, [d.id for d in self.datasets]),
        )

    def path(self, dataset: Dataset) -> Path:
        return self.directory / dataset.file

    def verify(self, dataset: Dataset) -> Path:
        """Return the file's path if it exists and its SHA-256 matches the catalogue."""
        path = self.path(dataset)
        if not path.is_file():
            raise DataError(f"{path}: data file for dataset {dataset.id!r} is missing.")
        digest = file_sha256(path)
        if digest != dataset.sha256:
            raise DataError(
                f"{path}: data file for dataset {dataset.id!r} is corrupt: its SHA-256 is "
                f"{digest}, the catalogue records {dataset.sha256}. Restore it from the "
                "greatjobs distribution (or re-run scripts/vendor_snapshot.py)."
            )
        return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
