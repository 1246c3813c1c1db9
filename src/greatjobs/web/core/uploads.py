"""What the service accepts as an uploaded file, written once for every form that takes one.

A file is accepted only if its extension is on the allow-list for its purpose *and* its first
bytes are what that kind of file starts with (a ``.pdf`` that is really HTML is refused), and it
is no larger than the purpose's limit. Requests larger than the biggest limit are refused before
their body is read (``core.middleware.RequestSizeLimitMiddleware``). Stored files are only ever
served back as downloads (``download_response``), never rendered by the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

MB = 1024 * 1024

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)


def _is_text(head: bytes) -> bool:
    """Plain text (CSV, TXT): no NUL bytes and decodable as UTF-8 or Windows-1252."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            # A multi-byte character cut off at the end of the sample is still text.
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(prefixes)


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    looks_right: Callable[[bytes], bool]


KINDS = {
    "pdf": FileKind("PDF", (".pdf",), _starts(b"%PDF-")),
    "word": FileKind("Word", (".docx",), _starts(*_ZIP)),
    "excel": FileKind("Excel", (".xlsx",), _starts(*_ZIP)),
    "excel97": FileKind("Excel 97-2003", (".xls",), _starts(*_OLE)),
    "opendocument": FileKind("OpenDocument", (".odt", ".ods"), _starts(*_ZIP)),
    "csv": FileKind("CSV", (".csv",), _is_text),
    "text": FileKind("plain text", (".txt",), _is_text),
    "toml": FileKind("TOML", (".toml",), _is_text),
    "png": FileKind("PNG image", (".png",), _starts(b"\x89PNG\r\n\x1a\n")),
    "jpeg": FileKind("JPEG image", (".jpg", ".jpeg"), _starts(b"\xff\xd8\xff")),
}


@dataclass(frozen=True)
class UploadRule:
    """What one purpose accepts: kinds of file and a size limit."""

    purpose: str
    kinds: tuple[str, ...]
    max_bytes: int

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(ext for kind in self.kinds for ext in KINDS[kind].extensions)

    @property
    def hint(self) -> str:
        """For a form's help text: 'PDF, Word, ... up to 10 MB.'"""
        labels = ", ".join(KINDS[kind].label for kind in self.kinds)
        return f"{labels}; up to {self.max_bytes // MB} MB."

    def check(self, upload: Any) -> None:
        """Raise ValidationError (a message for the person uploading) unless ``upload`` fits."""
        name = PurePath(getattr(upload, "name", "") or "").name
        size = getattr(upload, "size", None) or 0
        if size > self.max_bytes:
            raise ValidationError(
                f"{name} is {size / MB:.1f} MB: {self.purpose} must be "
                f"{self.max_bytes // MB} MB or smaller."
            )
        if size == 0:
            raise ValidationError(f"{name} is empty.")
        suffix = PurePath(name.lower()).suffix
        kind = next((KINDS[k] for k in self.kinds if suffix in KINDS[k].extensions), None)
        if kind is None:
            raise ValidationError(
                f"{name} is not a file type accepted for {self.purpose}: upload "
                f"{', '.join(self.extensions)}."
            )
        head = _read_head(upload)
        if not kind.looks_right(head):
            raise ValidationError(f"{name} does not look like a {kind.label} file.")


def _read_head(upload: Any, size: int = 2048) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


EVIDENCE = UploadRule(
    "evidence",
    ("pdf", "word", "excel", "excel97", "opendocument", "csv", "text", "png", "jpeg"),
    10 * MB,
)
"""Evidence behind a delivery return, a charter assessment or a shared document."""

SPEND_FILE = UploadRule("a spend file", ("csv", "text", "excel", "excel97"), 200 * MB)
"""A transparency file of payments (several may be sent at once)."""

PROVIDER_FILE = UploadRule("a provider file", ("csv",), 5 * MB)
"""A training provider file for the skills scorecard (one row per course)."""

PORTFOLIO_FILE = UploadRule("a portfolio file", ("csv", "text"), 2 * MB)
"""Projects to appraise (impact)."""

LARGEST_REQUEST = 100 * MB
"""No request body may be larger than this, unless its view allows more (a return may carry
evidence for several measures)."""


_ALLOWS = "greatjobs_allows_request_bytes"

V = TypeVar("V", bound=Callable[..., Any])


def allows_request_bytes(limit: int) -> Callable[[V], V]:
    """Let a view (a function, or a class-based view's class) accept request bodies of up to
    ``limit`` bytes instead of ``LARGEST_REQUEST``::

        @allows_request_bytes(4 * SPEND_FILE.max_bytes)
        def import_view(request): ...

    Other decorators built with ``functools.wraps`` may go either side of it.
    """

    def mark(view: V) -> V:
        setattr(view, _ALLOWS, limit)
        return view

    return mark


def allowed_request_bytes(view: Callable[..., Any]) -> int:
    """The largest request body ``view`` accepts."""
    limit = getattr(view, _ALLOWS, None)
    if limit is None:
        limit = getattr(getattr(view, "view_class", None), _ALLOWS, None)
    return LARGEST_REQUEST if limit is None else limit


def download_response(file: Any, filename: str | None = None) -> FileResponse:
    """A stored file, always as an attachment and as opaque bytes, so the browser never renders
    it (an uploaded ``.html`` or SVG cannot run in the service's origin)."""
    response = FileResponse(file, as_attachment=True, filename=filename or "")
    response["Content-Type"] = "application/octet-stream"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def download_stored(stored: FieldFile) -> FileResponse:
    """A file a model keeps (a ``FileField``'s value) as ``download_response``, named as it was
    stored without its folders; 404 if the record has no file."""
    if not stored.name:
        raise Http404("There is no file here.")
    return download_response(stored.open("rb"), PurePath(stored.name).name)
