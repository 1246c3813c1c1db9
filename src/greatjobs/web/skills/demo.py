"""The ILLUSTRATIVE provider file imported for the demo (once: when it is there, nothing is
added), as the import page's demo button does."""

from __future__ import annotations

from typing import Any

from greatjobs.skills import illustrative_records_path, import_records
from greatjobs.web.skills.models import ProviderImport


def create_demo_providers(user: Any) -> str:
    path = illustrative_records_path()
    if ProviderImport.objects.filter(filename=path.name).exists():
        return f"Skills: provider records from {path.name} (already there)."
    stored = ProviderImport.store(import_records(path), path.name, user)
    return f"Skills: ILLUSTRATIVE provider records from {path.name}, {stored.loaded} courses."
