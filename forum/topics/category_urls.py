from django.urls import path

from forum.categories.views import stylesheet

from . import category_views as views

# The category pages are topic lists; the namespace keeps their names.
app_name = "categories"
urlpatterns = [
    path("categories", views.index, name="index"),
    path("categories.css", stylesheet, name="stylesheet"),
    path("c/<slug:slug>/<int:category_id>", views.detail, name="detail"),
    path(
        "c/<slug:parent_slug>/<slug:slug>/<int:category_id>",
        views.detail,
        name="detail_nested",
    ),
]
