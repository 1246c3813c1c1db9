"""Under the Content-Security-Policy a real browser blocks nothing on the service's pages, and
GOV.UK Frontend's JavaScript still starts."""

from __future__ import annotations

import pytest

from greatjobs.web.accounts.provisioning import create_demo_users

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at"),
]

PAGES = [
    "/places/liverpool-city-region/",  # the map and its key
    "/sectors/liverpool-city-region/",  # a chart drawn from a template
    "/impact/multipliers/?place=Liverpool+City+Region&kind=II&method=flq",
    "/accounts/",
    "/accounts/password/",
    "/uploads/new/",
    "/audit/",
    "/django-admin/",  # Django's own admin site, which has no GOV.UK layout
]

# Recorded by the page itself, before any of its own scripts run (Playwright's init scripts are
# not subject to the page's policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_pages_break_no_rule_of_the_policy_and_govuk_frontend_starts(site):
    create_demo_users()
    page = site.page
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)

    site.visit("/accounts/sign-in/")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    # The password input's "Show" button appears only once GOV.UK Frontend's JavaScript has run.
    page.get_by_role("button", name="Show password").wait_for(state="visible")
    violations = page.evaluate("window.__cspViolations")

    site.sign_in("admin", start=None)
    for path in PAGES:
        site.visit(path)
        if not path.startswith("/django-admin/"):
            assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        violations += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]

    assert not violations
    assert not [text for text in console if "Content Security Policy" in text]
