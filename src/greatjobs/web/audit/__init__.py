"""Who changed what: the audit trail (django-auditlog) shown to admins."""

from greatjobs.web.areas import Area

AREA = Area(slug="audit", title="Audit log", index="log", order=90, admin_only=True)
