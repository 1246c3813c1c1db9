from django.urls import path

from greatjobs.web.spend import views

app_name = "spend"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:table>.<str:fmt>", views.export, name="export"),
]
