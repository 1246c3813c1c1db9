from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify

from greatjobs.geography import DEFAULT_PLACE


def home(request: HttpRequest) -> HttpResponse:
    """The start page is the default place's overview (Liverpool City Region)."""
    return redirect("places:overview", place=slugify(DEFAULT_PLACE))
