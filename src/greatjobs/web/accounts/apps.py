from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "greatjobs.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        # Who changed users, their roles and organisations is part of the audit trail.
        auditlog.register(
            get_user_model(),
            exclude_fields=["password", "last_login", "memberships"],
            m2m_fields={"groups"},
        )
        auditlog.register(Group, exclude_fields=["permissions"])
