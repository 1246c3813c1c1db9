"""Suppliers see only their own organisation's records; staff roles see every organisation's."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.uploads.models import Upload


def _upload(user, title: str) -> Upload:
    organisation = Organisation.objects.get(memberships__user=user)
    upload = Upload(organisation=organisation, title=title, uploaded_by=user)
    upload.file.save(f"{title}.csv", ContentFile(b"a,b\n1,2\n"), save=True)
    return upload


def test_supplier_cannot_see_another_organisations_record(client_for, supplier, other_supplier):
    mine = _upload(supplier, "mersey-return")
    theirs = _upload(other_supplier, "wirral-return")

    assert list(Upload.objects.visible_to(supplier)) == [mine]

    client = client_for(supplier)
    listing = client.get("/uploads/").content.decode()
    assert "mersey-return" in listing and "wirral-return" not in listing
    assert client.get(f"/uploads/{theirs.pk}/").status_code == 404
    assert client.get(f"/uploads/{theirs.pk}/download/").status_code == 404
    assert client.get(f"/uploads/{mine.pk}/").status_code == 200
    assert client.get(f"/uploads/{mine.pk}/download/").status_code == 200


@pytest.mark.parametrize("persona", ["admin", "analyst", "commissioner"])
def test_staff_roles_see_every_organisations_records(
    request, client_for, supplier, other_supplier, persona
):
    _upload(supplier, "mersey-return")
    _upload(other_supplier, "wirral-return")
    user = request.getfixturevalue(persona)
    assert Upload.objects.visible_to(user).count() == 2
    listing = client_for(user).get("/uploads/").content.decode()
    assert "mersey-return" in listing and "wirral-return" in listing


def test_user_without_a_role_or_organisation_sees_nothing(make_user, supplier):
    _upload(supplier, "mersey-return")
    assert Upload.objects.visible_to(make_user("drifter", None)).count() == 0


def test_supplier_can_upload_only_for_their_own_organisation(client_for, supplier, other_supplier):
    client = client_for(supplier)
    wirral = Organisation.objects.get(name="Wirral Construction Partnership")
    mersey = Organisation.objects.get(name="Mersey Skills Training Ltd")
    form = client.get("/uploads/new/").content.decode()
    assert "Mersey Skills Training Ltd" in form and "Wirral Construction" not in form

    refused = client.post(
        "/uploads/new/",
        {"organisation": wirral.pk, "title": "sneaky", "file": ContentFile(b"x", name="x.csv")},
    )
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    assert not Upload.objects.filter(title="sneaky").exists()

    accepted = client.post(
        "/uploads/new/",
        {"organisation": mersey.pk, "title": "q1", "file": ContentFile(b"x", name="q1.csv")},
    )
    assert accepted.status_code == 302
    assert Upload.objects.get(title="q1").uploaded_by == supplier
