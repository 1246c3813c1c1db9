"""A request larger than its page accepts is refused from its declared size, before its body is
read, so nobody waits for 100 MB to arrive only to be told it is too large."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from greatjobs.web.core.middleware import RequestSizeLimitMiddleware
from greatjobs.web.core.uploads import LARGEST_REQUEST, MB, allows_request_bytes
from greatjobs.web.uploads.models import Upload
from greatjobs.web.uploads.views import UploadCreateView


@pytest.fixture()
def view_calls(monkeypatch) -> list[str]:
    """Every time the upload page's view runs."""
    calls: list[str] = []
    dispatch = UploadCreateView.dispatch

    def spy(self, request, *args, **kwargs):
        calls.append(request.method)
        return dispatch(self, request, *args, **kwargs)

    monkeypatch.setattr(UploadCreateView, "dispatch", spy)
    return calls


def _post(client, **headers):
    # The test client sends only the few bytes of this form, whatever Content-Length says: had
    # anything tried to read the body it declares, the test client would raise.
    file = SimpleUploadedFile("return.csv", b"a,b\n1,2\n")
    return client.post("/uploads/new/", {"title": "big", "file": file}, **headers)


def test_a_request_declared_larger_than_the_limit_is_refused_unread(
    client_for, supplier, view_calls
):
    response = _post(client_for(supplier), CONTENT_LENGTH=str(LARGEST_REQUEST + 1))
    assert response.status_code == 413
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">What you sent is too large</h1>' in html
    assert "What you sent was 100.1 MB: this page accepts up to 100 MB at a time." in html
    assert view_calls == []
    assert not Upload.objects.exists()


def test_it_is_refused_before_signing_in_is_asked_for(client, view_calls):
    response = _post(client, CONTENT_LENGTH=str(5 * LARGEST_REQUEST))
    assert response.status_code == 413 and view_calls == []


def test_a_request_within_the_limit_reaches_the_page(client_for, supplier, view_calls):
    response = _post(client_for(supplier))
    assert response.status_code == 200  # the form, asking for an organisation
    assert view_calls == ["POST"]


def test_a_body_sent_without_its_length_is_refused(client_for, supplier, view_calls):
    response = _post(client_for(supplier), CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert "What you sent could not be read" in response.content.decode()
    assert view_calls == []


def test_too_many_files_in_one_request_are_refused(client_for, supplier):
    files = [SimpleUploadedFile(f"f{i}.csv", b"a\n") for i in range(51)]
    response = client_for(supplier).post("/uploads/new/", {"title": "many", "file": files})
    assert response.status_code == 400


def _ok(request):
    return HttpResponse("ok")


@allows_request_bytes(300 * MB)
def _spend_import(request):
    return HttpResponse("ok")


@allows_request_bytes(300 * MB)
class _BigView(View):
    def post(self, request):
        return HttpResponse("ok")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status"),
    [(_ok, 413), (_spend_import, None), (_BigView.as_view(), None)],
)
def test_a_page_may_accept_more(view, status):
    middleware = RequestSizeLimitMiddleware(_ok)
    request = RequestFactory().post("/", b"", "text/csv", CONTENT_LENGTH=str(200 * MB))
    refused = middleware.process_view(request, view, (), {})
    assert (refused and refused.status_code) == status
    request = RequestFactory().post("/", b"", "text/csv", CONTENT_LENGTH=str(300 * MB + 1))
    assert middleware.process_view(request, view, (), {}).status_code == 413
