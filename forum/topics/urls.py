from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("latest", views.latest, name="latest"),
    path("new-topic", views.create_topic, name="create"),
    path("preview", views.preview, name="preview"),
    path("t/<int:topic_id>", views.detail_by_id, name="detail_by_id"),
    path("t/<slug:slug>/<int:topic_id>", views.detail, name="detail"),
    path(
        "t/<slug:slug>/<int:topic_id>/<int:post_number>",
        views.detail,
        name="detail_post",
    ),
    path("t/<int:topic_id>/reply", views.reply, name="reply"),
    path("t/<int:topic_id>/unaccept", views.unaccept_solution, name="unaccept"),
    path("p/<int:post_id>/edit", views.edit_post, name="edit_post"),
    path("p/<int:post_id>/revisions", views.revisions, name="revisions"),
    path("p/<int:post_id>/accept", views.accept_solution, name="accept"),
    path("p/<int:post_id>/delete", views.delete_post, name="delete_post"),
    path("p/<int:post_id>/restore", views.restore_post, name="restore_post"),
]
