from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("u/<str:username>/notifications", views.notifications, name="notifications"),
    path("notifications/menu", views.menu, name="menu"),
    path("level/<str:kind>/<str:ident>", views.set_level, name="set_level"),
    path("notifications/read-all", views.read_all, name="read_all"),
    path(
        "notifications/<int:notification_id>/open",
        views.open_notification,
        name="open",
    ),
]
