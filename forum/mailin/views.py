"""Email by mail-in: the member's mailing-list mode and bounce state, and the
one-click stop link of mailing-list mails."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import bounces, mailing_list
from .models import MailHealth, MailingListMode


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if request.POST.get("action") == "address-fixed":
            bounces.clear_bounces(user=user)
            messages.success(request, "Thanks: we count bounces afresh from now.")
        else:
            enabled = request.POST.get("mailing_list_mode") == "on"
            mailing_list.set_mailing_list_mode(user=user, enabled=enabled)
            messages.success(
                request,
                "Mailing-list mode is on." if enabled else "Mailing-list mode is off.",
            )
        return redirect("mailin:settings")
    context = {
        "cap": settings.FORUM_MAILING_LIST_DAILY_CAP,
        "is_on": MailingListMode.objects.filter(user=user).exists(),
        "health": MailHealth.objects.filter(user=user).first(),
    }
    return render(request, "mailin/settings.html", context)


@csrf_exempt  # the signed token authorises it; mail clients send no CSRF token
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    user_id = mailing_list.read_stop_token(token)
    user = get_user_model().objects.filter(id=user_id).first() if user_id else None
    if user is None:
        context = {"error": "This link is not valid (it may be cut short)."}
        return render(request, "mailin/stop.html", context, status=400)
    if request.method == "POST":
        mailing_list.set_mailing_list_mode(user=user, enabled=False)
        return render(request, "mailin/stop.html", {"done": True})
    return render(request, "mailin/stop.html", {"member": user})
