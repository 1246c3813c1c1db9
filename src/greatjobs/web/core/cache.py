"""Results and page fragments kept between requests while the data they come from is unchanged.

Most pages are pure functions of the request and of two files: the warehouse (rebuilt whole by
``greatjobs data build``/``update``) and the spend ledger (published whole by each import). Both
are replaced atomically, so a file's identity (inode, size, modification time) is the version of
everything computed from it: a new build or import changes the key, and what was computed from
the old file is never served again. Entries live in each worker's memory (no copying or
unpickling on a hit), the least recently used going first.

A *fragment* is a piece of page rendered without the request (no user, no CSRF token, no
messages), so one rendering serves every user who may see the page; the view still checks who
is asking before using it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Literal, TypeVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from greatjobs.web.core.warehouse import current_home, file_version

T = TypeVar("T")
Source = Literal["warehouse", "ledger"]
MAX_ENTRIES = 256

_entries: OrderedDict[Hashable, object] = OrderedDict()
_computing: dict[Hashable, threading.Lock] = {}
"""A lock per key being computed, so that one request computes it while the others wait."""
_lock = threading.Lock()


def data_version(*sources: Source) -> tuple[Hashable, ...]:
    """The version of the named data files, for a cache key."""
    home = current_home()
    paths = {"warehouse": home.warehouse, "ledger": home.spend_ledger}
    return tuple(file_version(paths[source]) for source in sources)


def cached(
    key: Hashable, compute: Callable[[], T], sources: tuple[Source, ...] = ("warehouse",)
) -> T:
    """``compute()``, or its earlier result for ``key`` on the same versions of ``sources``.

    Requests that miss at once wait for the first one's result instead of all computing it
    (after an import, every dashboard request would otherwise recompute the same report).
    """
    full = (data_version(*sources), key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]  # type: ignore[return-value]
        computing = _computing.setdefault(full, threading.Lock())
    try:
        with computing:
            with _lock:
                if full in _entries:
                    return _entries[full]  # type: ignore[return-value]
            value = compute()
            with _lock:
                _entries[full] = value
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
            return value
    finally:
        with _lock:
            if _computing.get(full) is computing and not computing.locked():
                del _computing[full]


def cached_fragment(
    key: Hashable,
    template: str,
    context: Callable[[], Mapping[str, Any]],
    sources: tuple[Source, ...] = ("warehouse",),
) -> SafeString:
    """``template`` rendered with ``context()`` (called only on a miss), without the request."""
    html = cached(
        ("fragment", template, key), lambda: render_to_string(template, context()), sources
    )
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, which escapes)


def clear() -> None:
    """Forget everything (for tests)."""
    with _lock:
        _entries.clear()
