from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from forum.core import views as core_views
from forum.topics.category_views import home

urlpatterns = [
    # First: /healthz is resolved before the forum's other patterns are tried.
    path("", include("forum.core.urls")),
    path("", include("forum.discourse.urls")),
    path("", home, name="home"),
    path("", include(("forum.subscriptions.feed_urls", "feeds"))),
    path("", include("forum.topics.category_urls")),
    path("", include("forum.topics.urls")),
    path("", include(("forum.topics.tag_urls", "tags"))),
    path("", include("accounts.urls")),
    path("", include("forum.subscriptions.urls")),
    path("", include("forum.api.urls")),
    path("", include("forum.moderation.urls")),
    path("", include("forum.conversations.urls")),
    path("", include("forum.search.urls")),
    path("", include("forum.uploads.urls")),
    path("", include("forum.mailin.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("forum.discourse.fallback_urls")),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # Provider inbound webhooks (docs/deployment.md); never open without a secret.
    urlpatterns.append(path("anymail/", include("anymail.urls")))

handler404 = core_views.page_not_found
handler403 = core_views.permission_denied
handler400 = core_views.bad_request
handler500 = core_views.server_error
