from django.urls import path

from . import tag_views

urlpatterns = [
    path("tags", tag_views.index, name="index"),
    path("tag/<str:name>", tag_views.detail, name="detail"),
]
