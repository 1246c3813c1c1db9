from django.urls import path

from greatjobs.web.impact import appraisal, views

app_name = "impact"
urlpatterns = [
    path("", views.index, name="index"),
    path("eu-funds/", views.eu_funds, name="eu_funds"),
    path("eu-funds/download/<str:fmt>/", views.eu_funds_download, name="eu_funds_download"),
    path("multipliers/", views.multipliers, name="multipliers"),
    path(
        "multipliers/download/<str:fmt>/",
        views.multipliers_download,
        name="multipliers_download",
    ),
    path("appraise/", appraisal.appraise, name="appraise"),
    path("appraise/download/<str:fmt>/", appraisal.download, name="appraise_download"),
    path("appraise/template.csv", appraisal.template, name="appraise_template"),
]
