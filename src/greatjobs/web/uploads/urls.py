from django.urls import path

from greatjobs.web.uploads import views

app_name = "uploads"
urlpatterns = [
    path("", views.UploadListView.as_view(), name="list"),
    path("new/", views.UploadCreateView.as_view(), name="create"),
    path("<int:pk>/", views.UploadDetailView.as_view(), name="detail"),
    path("<int:pk>/download/", views.UploadDownloadView.as_view(), name="download"),
]
