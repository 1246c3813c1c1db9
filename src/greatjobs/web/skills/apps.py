from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "greatjobs.web.skills"
    label = "skills"
    verbose_name = "Skills value"
