"""The signed-in user of a request, typed as the user model.

Every page but sign-in requires a signed-in user (``LoginRequiredMiddleware``), so a view's
``request.user`` is a ``User``; Django types it as ``User | AnonymousUser`` because that is only
known at run time. ``signed_in_user`` says so once, and refuses the request if it is ever not.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from greatjobs.web.accounts.models import Organisation


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, who is signed in; anyone else is refused (403)."""
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied("Sign in to see this page.")
    return user


def organisations_of(user: User) -> list[Organisation]:
    """The organisations ``user`` is a member of."""
    return [m.organisation for m in user.memberships.select_related("organisation")]
