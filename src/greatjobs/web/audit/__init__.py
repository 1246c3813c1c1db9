"""Who changed what: the audit trail (django-auditlog) shown to admins."""

from greatjobs.web.accounts.roles import ADMIN
from greatjobs.web.areas import Area

AREA = Area(slug="audit", title="Audit log", index="log", order=90, roles=frozenset({ADMIN}))
