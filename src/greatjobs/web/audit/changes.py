"""Audit log entries as rows a person can read: who, when, what, and each field before -> after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry

ACTIONS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Viewed",
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    when: Any
    who: str
    action: str
    object_type: str
    object_name: str
    changes: tuple[FieldChange, ...]


def _field_change(field: str, value: Any) -> FieldChange:
    if isinstance(value, dict) and value.get("type") == "m2m":
        objects = ", ".join(str(o) for o in value.get("objects", []))
        if value.get("operation") == "add":
            return FieldChange(field, "", f"added {objects}")
        return FieldChange(field, f"removed {objects}", "")
    before, after = [*value, "", ""][:2] if isinstance(value, list) else ("", value)
    return FieldChange(field, _display(before), _display(after))


def _display(value: Any) -> str:
    return "" if value in (None, "None") else str(value)


def audit_row(entry: LogEntry) -> AuditRow:
    changes = entry.changes_dict or {}
    return AuditRow(
        when=entry.timestamp,
        who=entry.actor.get_username() if entry.actor else "System",
        action=ACTIONS.get(entry.action, str(entry.action)),
        object_type=str(entry.content_type.model_class()._meta.verbose_name).capitalize()
        if entry.content_type.model_class()
        else entry.content_type.model,
        object_name=entry.object_repr,
        changes=tuple(_field_change(field, value) for field, value in changes.items()),
    )


def recent_audit_rows(limit: int = 200) -> list[AuditRow]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return [audit_row(e) for e in entries[:limit]]
