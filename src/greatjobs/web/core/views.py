from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from greatjobs.geography import DEFAULT_PLACE


def home(request: HttpRequest) -> HttpResponse:
    """The start page is the default place's overview (Liverpool City Region)."""
    return redirect("places:overview", place=slugify(DEFAULT_PLACE))


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    detail: str = ""


def not_found(
    request: HttpRequest,
    what: str,
    message: str,
    choices: list[Link] | None = None,
    links: list[Link] | None = None,
    choices_heading: str = "Did you mean",
) -> HttpResponse:
    """The one "we could not find that ..." page (404): the reason, close matches, ways on."""
    context = {
        "what": what,
        "message": message,
        "choices": choices or [],
        "choices_heading": choices_heading,
        "links": links or [],
    }
    return render(request, "core/not_found.html", context, status=404)


def place_links(names: list[str], url_name: str) -> list[Link]:
    """Links to ``url_name`` (which takes a place slug) for each of ``names``."""
    return [Link(name, reverse(url_name, args=[slugify(name)])) for name in names]
