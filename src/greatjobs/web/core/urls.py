from django.urls import path

from greatjobs.web.core import views

app_name = "core"
urlpatterns = [path("", views.home, name="home")]
