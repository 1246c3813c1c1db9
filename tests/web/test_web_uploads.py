"""Shared document uploads: only evidence-like files of a sensible size are kept, and they only
ever come back as downloads."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greatjobs.web.accounts.models import Organisation
from greatjobs.web.core.uploads import EVIDENCE, MB
from greatjobs.web.uploads.models import Upload


@pytest.fixture()
def client(client_for, supplier):
    return client_for(supplier)


def _send(client, file: SimpleUploadedFile, title: str = "Q1 return"):
    organisation = Organisation.objects.get(name="Mersey Skills Training Ltd")
    return client.post(
        "/uploads/new/", {"organisation": organisation.pk, "title": title, "file": file}
    )


def _error(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    return re.search(r'href="#id_file">([^<]*)</a>', html).group(1)


def test_the_form_says_which_files_it_takes(client):
    html = client.get("/uploads/new/").content.decode()
    assert (
        "PDF, Word, Excel, Excel 97-2003, OpenDocument, CSV, plain text, PNG image, JPEG " in html
    )
    assert "up to 10 MB." in html


def test_a_web_page_is_refused(client):
    response = _send(client, SimpleUploadedFile("page.html", b"<script>alert(1)</script>"))
    assert _error(response).startswith("page.html is not a file type accepted for evidence")
    assert not Upload.objects.exists()


def test_a_web_page_renamed_to_pdf_is_refused(client):
    response = _send(client, SimpleUploadedFile("report.pdf", b"<html><script></script>"))
    assert _error(response) == "report.pdf does not look like a PDF file."
    assert not Upload.objects.exists()


def test_a_file_over_the_limit_is_refused(client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * EVIDENCE.max_bytes)
    assert _error(_send(client, big)) == "big.pdf is 10.0 MB: evidence must be 10 MB or smaller."
    assert not Upload.objects.exists()
    assert EVIDENCE.max_bytes == 10 * MB


def test_a_pdf_is_kept_and_comes_back_only_as_a_download(client):
    assert _send(client, SimpleUploadedFile("return.pdf", b"%PDF-1.7\n...")).status_code == 302
    upload = Upload.objects.get()
    response = client.get(f"/uploads/{upload.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="return.pdf"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n..."
