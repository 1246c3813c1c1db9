from django.apps import AppConfig

MASKED = "(not shown)"


def masked_password(value: str) -> str:
    """What the audit log keeps of a password hash: only that there was one."""
    return value if value in ("", "None") else MASKED


class AccountsConfig(AppConfig):
    name = "greatjobs.web.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        # Who changed users, their roles and organisations is part of the audit trail. A password
        # change is recorded, never the password's hash (masked_password).
        auditlog.register(
            get_user_model(),
            exclude_fields=["last_login", "memberships"],
            mask_fields=["password"],
            mask_callable="greatjobs.web.accounts.apps.masked_password",
            m2m_fields={"groups"},
        )
        auditlog.register(Group, exclude_fields=["permissions"])
