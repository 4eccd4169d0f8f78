"""The demo's one-time sign-in links (`manage.py demo_login`), DEBUG only."""

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .sign_in import user_for_demo_link


def demo_sign_in(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    """GET shows whom the link is for; the button POSTs and signs in, which
    spends the link (a GET never signs anyone in)."""
    if not settings.DEBUG:
        raise Http404("Demo sign-in links exist only in development.")
    user = user_for_demo_link(uid, token)
    if user is None:
        return render(
            request, "accounts/demo_sign_in.html", {"spent": True}, status=400
        )
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "accounts/demo_sign_in.html", {"account": user})
