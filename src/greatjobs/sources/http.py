"""Fetch from publishers' APIs over ``requests``: timeouts always, retries only when asked.

Every failure (the host name does not resolve, the connection is refused or times out, the server
answers 4xx/5xx, the body is not what was promised) becomes a
:class:`~greatjobs.errors.NetworkError` naming the URL and what went wrong, so
``greatjobs data update`` can say so and change nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

import requests

from greatjobs import __version__
from greatjobs.errors import NetworkError

Params = dict[str, str | int]
DEFAULT_TIMEOUT = (10.0, 120.0)
"""Seconds to connect, and to wait for the server between bytes of the answer."""
USER_AGENT = f"greatjobs/{__version__} (open-data refresh; +python-requests)"
DOWNLOAD_CHUNK = 1 << 20
"""Bytes written at a time by :func:`download`."""


class Rows(Protocol):
    """A table's rows: a list, or rows kept on disk (``sources.bulk.ParquetRows``)."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[list[str | None]]: ...


@dataclass(frozen=True)
class FetchedTable:
    """A table fetched from an API, every value as text (``None`` for an empty cell).

    Carries what its provenance record needs: ``origin`` is the exact query URL (without paging
    parameters) and ``source_sha256`` the SHA-256 of the raw response bodies, page after page.
    ``rows`` is a list, or for bulk files rows kept on disk (``sources.bulk.ParquetRows``).
    """

    dataset_id: str
    title: str
    publisher: str
    vintage: str
    url: str
    origin: str
    columns: list[str]
    rows: Rows
    source_sha256: str
    caveats: str = ""
    transformations: list[str] = field(default_factory=list)


def new_session() -> requests.Session:
    """A session that says who is asking (publishers ask API users to identify themselves)."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def full_url(url: str, params: Params | None = None) -> str:
    """The URL with its query string, exactly as it is sent (commas and ``*`` left readable)."""
    if not params:
        return url
    return f"{url}?{urlencode({k: str(v) for k, v in params.items()}, safe=',*')}"


def fetch_bytes(
    session: requests.Session,
    url: str,
    params: Params | None = None,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = 0,
    backoff: float = 2.0,
) -> bytes:
    """GET ``url`` and return the body; raise :class:`NetworkError` on any failure.

    ``retries`` (off by default) repeats a request that failed to connect, timed out or got a
    5xx answer, waiting ``backoff``, then twice that, and so on.
    """
    shown = full_url(url, params)
    for attempt in range(retries + 1):
        try:
            return bytes(_get_once(session, shown, timeout).content)
        except _Retryable as exc:
            if attempt == retries:
                raise NetworkError(str(exc)) from exc.__cause__
            time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def download(
    session: requests.Session,
    url: str,
    path: Path,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = 0,
    backoff: float = 2.0,
) -> str:
    """GET ``url`` into the file ``path`` a chunk at a time (a bulk file never sits in memory);
    return the SHA-256 of the body. Failures and ``retries`` as :func:`fetch_bytes`; an answer
    that breaks off is retried too, from the start."""
    for attempt in range(retries + 1):
        try:
            return _download_once(session, url, path, timeout)
        except _Retryable as exc:
            if attempt == retries:
                raise NetworkError(str(exc)) from exc.__cause__
            time.sleep(backoff * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _download_once(
    session: requests.Session, url: str, path: Path, timeout: tuple[float, float]
) -> str:
    digest = hashlib.sha256()
    response = _get_once(session, url, timeout, stream=True)
    try:
        with response, path.open("wb") as out:
            for chunk in response.iter_content(DOWNLOAD_CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except requests.RequestException as exc:
        raise _Retryable(f"{url}: the answer broke off ({exc}).") from exc
    return digest.hexdigest()


def fetch_json(
    session: requests.Session, url: str, params: Params | None = None
) -> tuple[Any, bytes]:
    """GET ``url`` and parse it as JSON; return the parsed value and the raw body."""
    body = fetch_bytes(session, url, params)
    try:
        return json.loads(body), body
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NetworkError(
            f"{full_url(url, params)}: the answer was not valid JSON ({exc}); "
            f"it began {_excerpt(body)!r}."
        ) from exc


def fetch_text(
    session: requests.Session, url: str, params: Params | None = None
) -> tuple[str, bytes]:
    """GET ``url`` and decode it as UTF-8 text; return the text and the raw body."""
    body = fetch_bytes(session, url, params)
    try:
        return body.decode("utf-8-sig"), body
    except UnicodeDecodeError as exc:
        raise NetworkError(
            f"{full_url(url, params)}: the answer was not UTF-8 text ({exc})."
        ) from exc


def sha256_of(bodies: list[bytes]) -> str:
    digest = hashlib.sha256()
    for body in bodies:
        digest.update(body)
    return digest.hexdigest()


class _Retryable(Exception):
    """A failure worth trying again: no connection, a timeout or a 5xx answer."""


def _get_once(
    session: requests.Session, shown: str, timeout: tuple[float, float], stream: bool = False
) -> requests.Response:
    """The answer to one GET (its body still to read if ``stream``), if it is not an error."""
    try:
        response = session.get(shown, timeout=timeout, stream=stream)
    except requests.Timeout as exc:
        raise _Retryable(
            f"{shown}: no answer within {timeout[0]:g}s/{timeout[1]:g}s (timed out)."
        ) from exc
    except requests.ConnectionError as exc:
        raise _Retryable(f"{shown}: {_connection_problem(exc)}.") from exc
    except requests.RequestException as exc:
        raise NetworkError(f"{shown}: the request failed ({exc}).") from exc
    if response.status_code >= 400:
        status = f"HTTP {response.status_code} {response.reason or ''}".rstrip()
        message = f"{shown}: the server answered {status} ({_excerpt(response.content)!r})."

        if response.status_code >= 500:
            raise _Retryable(message)
        raise NetworkError(message)
    return response


def _connection_problem(exc: requests.ConnectionError) -> str:
    text = str(exc)
    if any(
        s in text
        for s in ("NameResolution", "Name or service not known", "getaddrinfo", "nodename")
    ):
        return "the host name could not be resolved (no DNS answer: are you offline?)"
    if "refused" in text.lower():
        return "the connection was refused"
    if "reset" in text.lower() or "aborted" in text.lower():
        return "the connection was dropped by the server"
    return f"could not connect ({text})"


def _excerpt(body: bytes, limit: int = 120) -> str:
    text = body[:limit].decode("utf-8", errors="replace").strip()
    return " ".join(text.split())
