from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("review", views.review, name="review"),
    path("review/<int:post_id>", views.decide, name="decide"),
    path("p/<int:post_id>/flag", views.flag, name="flag"),
    path("p/<int:post_id>/moderate", views.post_action, name="post_action"),
    path("t/<int:topic_id>/moderate", views.topic_action, name="topic_action"),
    path("t/<int:topic_id>/split", views.split, name="split"),
    path("t/<int:topic_id>/merge", views.merge, name="merge"),
]
