"""A progress bar on stderr for long work; silent when stderr is not a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from greatjobs.warehouse import Progress as ProgressCallback


@contextlib.contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[ProgressCallback]:
    enabled = sys.stderr.isatty() if enabled is None else enabled
    if not enabled:
        yield lambda label, done, total: None
        return
    bar = Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def update(label: str, done: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = bar.add_task(label, total=total)
        bar.update(tasks[label], completed=done, total=total)

    with bar:
        yield update
