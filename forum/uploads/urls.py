from django.urls import path, re_path

from . import views

app_name = "uploads"
urlpatterns = [
    path("uploads/attach", views.attach, name="attach"),
    re_path(
        r"^uploads/thumbs/(?P<sha256>[0-9a-f]{64})\.webp$",
        views.thumbnail,
        name="thumbnail",
    ),
    re_path(
        r"^uploads/(?P<sha256>[0-9a-f]{64})\.(?P<extension>[a-z0-9]{1,5})$",
        views.original,
        name="original",
    ),
]
