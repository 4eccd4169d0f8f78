import sys

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control

from . import health

DATABASE_ERRORS = (OperationalError, InterfaceError)


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "core/guidelines.html")


# Plain text needs no Content-Security-Policy, and building one costs more than
# the view itself.
@csp_exempt()
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer: 200 while this process can serve pages, which
    it can without Redis (then said as "cache: degraded"). `?deep=1` is readiness:
    every dependency as JSON, 503 when the database is down."""
    if request.GET.get("deep"):
        checks = health.run_checks()
        statuses = {check["status"] for check in checks.values()}
        status = next(
            (s for s in (health.DOWN, health.DEGRADED) if s in statuses), health.OK
        )
        return JsonResponse(
            {"status": status, "checks": checks},
            status=503 if status == health.DOWN else 200,
        )
    if not health.cache_is_reachable():
        return HttpResponse("ok\ncache: degraded", content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# Browsers and feed readers ask for /favicon.ico whatever the page links; the
# pages themselves link the SVG (base.html).
@csp_exempt()
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> FileResponse:
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404("No favicon.")
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 404, "Page not found", exception)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 403, "Not allowed", exception)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400, "Bad request", exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500, or a 503 when the database does not answer; JSON under /api/. Built
    without the database or the context processors: they may be what failed."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, DATABASE_ERRORS)
    status = 503 if unavailable else 500
    if unavailable:
        title = "Temporarily unavailable"
        message = "The forum cannot reach its database. Please try again in a minute."
    else:
        title = "Server error"
        message = "Something went wrong on our side; it has been logged."
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        page = loader.get_template("core/unavailable.html").render(
            {"title": title, "message": message, "site_name": settings.SITE_NAME}
        )
        response = HttpResponse(page, status=status)
    if unavailable:
        response["Retry-After"] = "30"
    return response


def _error(request: HttpRequest, status: int, title: str, exception) -> HttpResponse:
    # PermissionDenied messages are written for users; 404 messages are not shown,
    # since they may name things the visitor must not learn about.
    message = str(exception) if status == 403 and exception and str(exception) else ""
    return render(
        request,
        "core/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )
