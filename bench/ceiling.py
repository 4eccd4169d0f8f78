"""The benchmark's ceiling: Django with no middleware, no database and one constant
response, served by the same gunicorn as the forum. Every scenario's server CPU per
request is compared with this one's, measured in the same run."""

import secrets

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)


def constant(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", constant)]

application = get_wsgi_application()
