"""Results kept in memory between requests while the warehouse file is unchanged.

League tables (4,000-draw rank intervals) and place summaries take seconds for districts, and a
download repeats the page's computation; both are pure functions of the warehouse and the
request, so they are kept (a few of each, newest last) until the warehouse is rebuilt.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from greatjobs.web.core.warehouse import current_home

T = TypeVar("T")
MAX_ENTRIES = 32
_results: OrderedDict[Hashable, object] = OrderedDict()


def _version() -> tuple[str, int]:
    path = current_home().warehouse
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), 0


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result for ``key`` on the same warehouse file."""
    full = (_version(), key)
    if full in _results:
        _results.move_to_end(full)
        return _results[full]  # type: ignore[return-value]
    value = compute()
    _results[full] = value
    while len(_results) > MAX_ENTRIES:
        _results.popitem(last=False)
    return value
