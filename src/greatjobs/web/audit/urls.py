from django.urls import path

from greatjobs.web.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_log, name="log")]
