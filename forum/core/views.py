from csp.decorators import csp_exempt
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "core/guidelines.html")


# Plain text needs no Content-Security-Policy, and building one costs more than
# the view itself.
@csp_exempt()
@cache_control(no_store=True)
def healthz(request: HttpRequest) -> HttpResponse:
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
