from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("u/<str:username>/messages", views.inbox, name="inbox"),
    path("messages/new", views.new, name="new"),
    path("messages/<int:conversation_id>", views.detail, name="detail"),
    path("messages/<int:conversation_id>/reply", views.reply, name="reply"),
    path("messages/<int:conversation_id>/invite", views.invite, name="invite"),
    path("messages/<int:conversation_id>/leave", views.leave, name="leave"),
    path("messages/m/<int:message_id>/flag", views.flag, name="flag"),
    path("review/messages/<int:message_id>", views.decide, name="decide"),
]
