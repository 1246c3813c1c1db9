"""Where a result comes from: the datasets behind it, its method, and its caveats.

A :class:`Provenance` travels with a library result (``result.provenance``). It is built from
the warehouse's own records of its datasets (``meta.dataset``), never from text written in the
code, and it has one plain-text rendering, :meth:`Provenance.lines`, which the command line
prints as a caption and the downloads write as their notes; :meth:`Provenance.as_dict` is its
JSON form. The web app renders the same object with one template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from greatjobs.sources.catalogue import Dataset
from greatjobs.warehouse import dataset_provenance

DATASET_FIELDS = ("id", "publisher", "title", "vintage", "licence", "licence_url", "url",
                  "attribution", "caveats")  # fmt: skip
"""The fields of each dataset in :meth:`Provenance.as_dict`."""


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


@dataclass(frozen=True)
class Provenance:
    """The datasets a result was made from (in order, each once), how it was made, and notes.

    ``method`` is a sentence or a reference to the methods documentation (for example
    ``docs/methods/impact.md``); ``notes`` say what is estimated, imputed or a stand-in, and the
    caveats a reader needs.
    """

    datasets: tuple[Dataset, ...] = ()
    method: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        seen: dict[str, Dataset] = {}
        for d in self.datasets:
            seen.setdefault(d.id, d)
        object.__setattr__(self, "datasets", tuple(seen.values()))
        object.__setattr__(self, "notes", _unique(self.notes))

    @classmethod
    def of(
        cls,
        con: duckdb.DuckDBPyConnection,
        dataset_ids: Iterable[str],
        method: str = "",
        notes: Iterable[str] = (),
    ) -> Provenance:
        """The provenance of ``dataset_ids`` as recorded in the warehouse (``meta.dataset``)."""
        ids = _unique(dataset_ids)
        return cls(tuple(dataset_provenance(con, d) for d in ids), method, tuple(notes))

    @classmethod
    def of_held(
        cls,
        con: duckdb.DuckDBPyConnection,
        dataset_ids: Iterable[str],
        method: str = "",
        notes: Iterable[str] = (),
    ) -> Provenance:
        """As :meth:`of`, for those of ``dataset_ids`` the warehouse holds, ordered by id."""
        return cls.of(con, sorted(cls.held(con, dataset_ids)), method, notes)

    @staticmethod
    def held(con: duckdb.DuckDBPyConnection, dataset_ids: Iterable[str]) -> set[str]:
        """Those of ``dataset_ids`` the warehouse holds (a dataset may be optional, such as a
        refreshed one)."""
        ids = list(_unique(dataset_ids))
        rows = con.execute(
            "SELECT id FROM meta.dataset WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    @property
    def dataset_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.datasets)

    def merge(self, *others: Provenance) -> Provenance:
        """One provenance for a result built from several parts: datasets and notes in order,
        each once; the methods joined."""
        parts = (self, *others)
        return Provenance(
            tuple(d for p in parts for d in p.datasets),
            " ".join(_unique(p.method for p in parts)),
            tuple(n for p in parts for n in p.notes),
        )

    def __add__(self, other: Provenance) -> Provenance:
        return self.merge(other)

    def with_notes(self, *notes: str) -> Provenance:
        """The same provenance with more notes."""
        return Provenance(self.datasets, self.method, (*self.notes, *notes))

    def with_method(self, method: str) -> Provenance:
        """The same datasets and notes with another method."""
        return Provenance(self.datasets, method, self.notes)

    def by_publisher(self) -> Provenance:
        """The datasets ordered by publisher and title (for a list of sources at the end)."""
        datasets = sorted(self.datasets, key=lambda d: (d.publisher, d.title, d.id))
        return Provenance(tuple(datasets), self.method, self.notes)

    def lines(self, notes: bool = True) -> list[str]:
        """The plain-text rendering: one line per dataset (publisher, title, vintage, licence and
        the publisher's page), then the method, then the notes."""
        out = [source_line(d) for d in self.datasets]
        if self.method:
            out.append(f"Method: {self.method}")
        if notes:
            out += list(self.notes)
        return out

    def text(self, notes: bool = True) -> str:
        """:meth:`lines` as one paragraph."""
        return " ".join(self.lines(notes))

    def as_dict(self) -> dict[str, Any]:
        return {
            "datasets": [{k: getattr(d, k) for k in DATASET_FIELDS} for d in self.datasets],
            "method": self.method,
            "notes": list(self.notes),
        }

    def __bool__(self) -> bool:
        return bool(self.datasets or self.method or self.notes)


def source_line(d: Dataset) -> str:
    """One dataset as a line of text."""
    line = f"Source: {d.publisher}, {d.title} ({d.vintage}). Licence: {d.licence}."
    return f"{line} {d.url}" if d.url else line
