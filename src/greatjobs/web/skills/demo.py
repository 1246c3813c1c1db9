"""The ILLUSTRATIVE provider file imported for the demo (once: when provider records are stored
already, from the command line's ``greatjobs demo`` or any import, nothing is added), as the
import page's demo button does."""

from __future__ import annotations

from typing import Any

from greatjobs.skills.store import store_demo_import
from greatjobs.web.core.warehouse import current_home


def create_demo_providers(user: Any) -> str:
    stored, imported_now = store_demo_import(current_home(), f"web:{user.get_username()}")
    if not imported_now:
        return f"Skills: provider records from {stored.source} (already there)."
    return f"Skills: ILLUSTRATIVE provider records from {stored.source}, {stored.loaded} courses."
