from django.urls import path

from . import demo_views, group_views, views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>", views.profile, name="profile"),
    path("u/<str:username>/activity", views.activity, name="activity"),
    path("u/<str:username>/avatar/<str:version>", views.avatar, name="avatar"),
    # Two patterns, one name: `{% url 'accounts:preferences' %}` is "mine".
    path("my/preferences", views.my_preferences, name="preferences"),
    path("u/<str:username>/preferences", views.preferences, name="preferences"),
    path(
        "u/<str:username>/preferences/avatar", views.change_avatar, name="avatar_edit"
    ),
    path("u/<str:username>/delete", views.delete_account, name="delete"),
    path(
        "demo/sign-in/<str:uid>/<str:token>",
        demo_views.demo_sign_in,
        name="demo_sign_in",
    ),
    path("g", group_views.index, name="groups"),
    path("g/<str:name>", group_views.detail, name="group"),
    path("g/<str:name>/join", group_views.request_to_join, name="group_join"),
    path("g/<str:name>/leave", group_views.leave, name="group_leave"),
    path(
        "g/<str:name>/requests/<int:request_id>/<str:verdict>",
        group_views.decide,
        name="group_decide",
    ),
]
