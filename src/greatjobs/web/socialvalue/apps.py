from django.apps import AppConfig


class SocialValueConfig(AppConfig):
    name = "greatjobs.web.socialvalue"
    label = "socialvalue"
    verbose_name = "Social value"
