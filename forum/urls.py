from django.contrib import admin
from django.urls import include, path

from forum.categories.views import home
from forum.core import views as core_views

urlpatterns = [
    path("", home, name="home"),
    path("", include("forum.categories.urls")),
    path("", include("forum.topics.urls")),
    path("", include(("forum.topics.tag_urls", "tags"))),
    path("", include("accounts.urls")),
    path("", include("forum.core.urls")),
    path("", include("forum.search.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler404 = core_views.page_not_found
handler403 = core_views.permission_denied
handler400 = core_views.bad_request
