from django.urls import path

from . import digest_views, email_views, views

app_name = "subscriptions"
urlpatterns = [
    path("u/<str:username>/notifications", views.notifications, name="notifications"),
    path("notifications/menu", views.menu, name="menu"),
    path("digests/<int:digest_id>", digest_views.detail, name="digest"),
    path("email/unsubscribe/<str:token>", email_views.unsubscribe, name="unsubscribe"),
    path("u/<str:username>/feeds", views.personal_feeds, name="feeds"),
    path("level/<str:kind>/<str:ident>", views.set_level, name="set_level"),
    path("notifications/read-all", views.read_all, name="read_all"),
    path(
        "notifications/<int:notification_id>/open",
        views.open_notification,
        name="open",
    ),
]
