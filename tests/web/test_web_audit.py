"""Who changed what, and when: recorded for every app model and shown to admins only."""

from __future__ import annotations

import re

from auditlog.models import LogEntry
from django.core.files.base import ContentFile

from greatjobs.web.accounts.models import Organisation


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_audit_log_records_who_changed_what_before_and_after(client_for, admin, supplier):
    organisation = Organisation.objects.get(name="Mersey Skills Training Ltd")
    client_for(supplier).post(
        "/uploads/new/",
        {"organisation": organisation.pk, "title": "Q1 return",
         "file": ContentFile(b"x", name="q1.csv")},
    )  # fmt: skip
    admin_client = client_for(admin)
    renamed = admin_client.post(
        f"/django-admin/accounts/organisation/{organisation.pk}/change/",
        {
            "name": "Mersey Skills Ltd",
            "kind": "supplier",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert renamed.status_code == 302

    entry = LogEntry.objects.get_for_object(organisation).latest("timestamp")
    assert entry.actor == admin
    assert entry.changes_dict["name"] == ["Mersey Skills Training Ltd", "Mersey Skills Ltd"]
    upload_entry = LogEntry.objects.filter(object_repr="Q1 return").get()
    assert upload_entry.actor == supplier

    page = _text(admin_client.get("/audit/"))
    assert "ada Changed organisation Mersey Skills Ltd" in page
    assert "name : Mersey Skills Training Ltd → Mersey Skills Ltd" in page
    assert "sam Created upload Q1 return" in page


def test_audit_log_is_for_admins_only(client_for, analyst, commissioner, supplier, admin):
    for user in (analyst, commissioner, supplier):
        assert client_for(user).get("/audit/").status_code == 403
    assert client_for(admin).get("/audit/").status_code == 200


def test_changes_to_roles_are_audited(client_for, admin, analyst):
    client_for(admin).post(
        f"/django-admin/auth/user/{analyst.pk}/change/",
        {
            "username": analyst.username,
            "groups": [],
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    entries = LogEntry.objects.get_for_object(analyst)
    assert any(e.actor == admin and "groups" in (e.changes_dict or {}) for e in entries)
