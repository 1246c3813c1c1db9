from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "greatjobs.web.audit"
    label = "audit"
    verbose_name = "Audit log"
