from django.urls import path

from . import tag_views

urlpatterns = [
    path("tags", tag_views.index, name="index"),
    path("tags/suggest", tag_views.suggest, name="suggest"),
    path("tag/<str:name>", tag_views.detail, name="detail"),
]
