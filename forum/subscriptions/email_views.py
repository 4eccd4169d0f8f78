"""One-click unsubscribe (RFC 8058): works without signing in, by a signed token.

GET shows what the link stops and a button, so link scanners can't unsubscribe
anyone; POST stops it (mail clients POST `List-Unsubscribe=One-Click`)."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from .services import emails


@csrf_exempt  # the signed token authorises the request; mail clients send no CSRF
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = emails.read_unsubscribe_token(token)
    user = get_user_model().objects.filter(id=found[0]).first() if found else None
    if user is None:
        context = {"error": "This unsubscribe link is not valid (it may be cut short)."}
        return render(request, "subscriptions/unsubscribe.html", context, status=400)
    scope = found[1]
    if request.method == "POST":
        done = emails.unsubscribe(user=user, scope=scope)
        return render(request, "subscriptions/unsubscribe.html", {"done": done})
    context = {"what": emails.describe(scope), "member": user}
    return render(request, "subscriptions/unsubscribe.html", context)
