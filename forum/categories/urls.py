from django.urls import path

from . import views

app_name = "categories"
urlpatterns = [
    path("categories", views.index, name="index"),
    path("categories.css", views.stylesheet, name="stylesheet"),
    path("c/<slug:slug>/<int:category_id>", views.detail, name="detail"),
    path(
        "c/<slug:parent_slug>/<slug:slug>/<int:category_id>",
        views.detail,
        name="detail_nested",
    ),
]
