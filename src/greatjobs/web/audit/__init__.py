"""Who changed what: the audit trail (django-auditlog) shown to admins."""
