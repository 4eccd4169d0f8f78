from django.urls import path

from . import views

app_name = "mailin"
urlpatterns = [
    path("email/settings", views.email_settings, name="settings"),
    path("email/mailing-list/stop/<str:token>", views.stop, name="stop"),
]
