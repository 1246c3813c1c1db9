"""Bulk files (registers of millions of rows): fetched to disk and converted by DuckDB, never held
in memory whole.

A bulk source downloads its file a chunk at a time into a scratch directory
(:func:`~greatjobs.sources.http.download`), copies the member it needs out of the zip a chunk at a
time (:func:`unzip_member`), and has DuckDB read that file and write the rows it keeps to Parquet
(:func:`bulk_connection`, :func:`text_value`). The result is a :class:`ParquetRows`, which
``greatjobs data update`` moves into place as the refreshed dataset.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from greatjobs.errors import NetworkError

COPY_CHUNK = 1 << 20
"""Bytes copied at a time out of a zip."""
MEMORY_LIMIT = "512MB"
"""What DuckDB may hold while it converts a bulk file (it spills to the scratch directory)."""
READ_BATCH = 10_000
"""Rows read back at a time when a :class:`ParquetRows` is iterated."""

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
"""Every character Python's ``str.strip`` removes, so DuckDB trims values exactly as it does."""
_WHITESPACE_SQL = " || ".join(f"chr({ord(c)})" for c in WHITESPACE)


def text_value(expression: str) -> str:
    """SQL for a value as text stripped of surrounding white space, an empty value as null."""
    return f"NULLIF(trim({expression}, {_WHITESPACE_SQL}), '')"


class ParquetRows:
    """The rows of a bulk table, kept in a Parquet file (every column text) in a scratch
    directory of their own.

    ``len`` reads the file's footer; iterating reads :data:`READ_BATCH` rows at a time.
    :meth:`save_as` moves the file where it is wanted and removes the scratch directory, which
    is otherwise removed when the object is closed or garbage-collected. The fetcher uses
    ``directory`` for its downloads too, so a failed fetch leaves nothing behind.
    """

    def __init__(self, prefix: str) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix=prefix))
        self.path = self.directory / "rows.parquet"
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, ignore_errors=True)

    def __len__(self) -> int:
        return int(pq.ParquetFile(self.path).metadata.num_rows)

    def __iter__(self) -> Iterator[list[str | None]]:
        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=READ_BATCH):
            yield from (list(row) for row in zip(*batch.to_pydict().values(), strict=True))

    @property
    def columns(self) -> list[str]:
        return list(pq.read_schema(self.path).names)

    def save_as(self, target: Path) -> int:
        """Move the rows' file to ``target``; return the number of rows."""
        rows = len(self)
        shutil.move(self.path, target)
        self.close()
        return rows

    def close(self) -> None:
        self._cleanup()


def unzip_member(archive: Path, suffix: str, url: str) -> Path:
    """Copy the first member of the zip ``archive`` whose name ends with ``suffix`` beside it,
    a chunk at a time; return the copy's path."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            names = [n for n in zipped.namelist() if n.lower().endswith(suffix)]
            if not names:
                raise NetworkError(f"{url}: the zip holds no {suffix} file ({zipped.namelist()}).")
            target = archive.with_name(f"member{suffix}")
            with zipped.open(names[0]) as member, target.open("wb") as out:
                shutil.copyfileobj(member, out, COPY_CHUNK)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise NetworkError(f"{url}: the answer is not a zip file ({exc}).") from exc
    return target


def bulk_connection(scratch: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection for converting one bulk file: its memory bounded by
    :data:`MEMORY_LIMIT`, spilling to ``scratch``."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute("SET temp_directory = $path", {"path": str(scratch / "duckdb.tmp")})
    return con
