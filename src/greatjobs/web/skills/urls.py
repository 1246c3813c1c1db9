from django.urls import path

from greatjobs.web.skills import views

app_name = "skills"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_file, name="import"),
    path("import/demo/", views.import_demo, name="import_demo"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.<slug:fmt>", views.import_errors, name="import_errors"),
    path("scorecard.<slug:fmt>", views.scorecard_download, name="scorecard_download"),
]
