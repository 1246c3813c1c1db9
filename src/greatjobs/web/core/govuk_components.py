"""GOV.UK Frontend components (govuk-frontend-django), made fast and safe under threads.

* Speed: the library builds a new Jinja environment for every component it renders, so each
  component's macro file is loaded and compiled again every time. One shared environment,
  configured exactly as the library configures its own, lets Jinja cache the compiled macros; the
  small template that calls a component's macro (the same text for every use) is compiled once.
* Threads: the library's template tags keep each render's state on the template node (resolved
  arguments, and the phase banner takes its tag out of its node list and puts it back), and a
  compiled template's nodes are shared by every thread. Under the production server's threads two
  renders of the same tag could meet half way (a 500 now and then). Each component node now
  renders under a lock of its own: renders of one tag take turns (a millisecond each), everything
  else runs in parallel; a component's inner components are locked after it, always in that order.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from django.template import Context
from govuk_frontend_django.components import base
from govuk_frontend_django.templatetags.govuk_frontend_django import GovUKComponentNode
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape


class _Environment(Environment):
    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one environment, kept for the process)
    def _compiled(self, source: str) -> Any:
        return super().from_string(source)


@functools.cache
def shared_environment() -> Environment:
    loader = ChoiceLoader(
        [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    return _Environment(loader=loader, autoescape=select_autoescape())


def _environment(*args: Any, **kwargs: Any) -> Environment:
    return shared_environment()


_locks_lock = threading.Lock()
_render = GovUKComponentNode.render


def _node_lock(node: GovUKComponentNode) -> threading.Lock:
    lock = node.__dict__.get("_greatjobs_render_lock")
    if lock is None:
        with _locks_lock:
            lock = node.__dict__.setdefault("_greatjobs_render_lock", threading.Lock())
    return lock


def _render_in_turn(node: GovUKComponentNode, context: Context) -> str:
    with _node_lock(node):
        return _render(node, context)


def install() -> None:
    """Make the components' ``Environment(...)`` call return the shared environment, and every
    component node render in turn with other renders of the same node."""
    # setattr, as this patches the library at run time (a function in place of its Environment
    # class, a function in place of a method), which the type checker refuses as assignments.
    setattr(base, "Environment", _environment)  # noqa: B010
    setattr(GovUKComponentNode, "render", _render_in_turn)  # noqa: B010
