"""The web app's areas of work, discovered rather than listed by hand.

An area is a Django app package under ``greatjobs.web`` whose ``__init__`` defines ``AREA``.
Adding an area means adding its package: settings install it, ``urls.py`` mounts it at
``/<slug>/`` and the service navigation links to it, in ``order``. Its ``__init__`` must not
import Django models.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    slug: str
    """URL prefix and namespace (``/<slug>/``, ``reverse("<slug>:...")``)."""
    title: str
    """Text in the service navigation; empty for areas not in the navigation."""
    index: str = "index"
    """The URL name, within the namespace, that the navigation links to."""
    order: int = 100
    roles: frozenset[str] | None = None
    """The roles the navigation shows the area to (None: everyone signed in). The views enforce
    access themselves; this keeps the navigation from offering pages that would refuse."""


@functools.cache
def discover() -> list[tuple[str, Area]]:
    """(module, area) for every area package, in navigation order (found once per process)."""
    import greatjobs.web as web

    found = []
    for info in pkgutil.iter_modules(web.__path__):
        if not info.ispkg:
            continue
        module = f"greatjobs.web.{info.name}"
        area = getattr(importlib.import_module(module), "AREA", None)
        if isinstance(area, Area):
            found.append((module, area))
    return sorted(found, key=lambda item: (item[1].order, item[1].slug))
