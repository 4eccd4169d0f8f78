"""The staff dashboard (in admin, with SVG charts) and the public /about page."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from forum.core import live

from . import charts, figures

DAILY_CHARTS = {
    "activity": (
        "Activity per day",
        ["new topics", "posts", "active members", "sign-ups"],
    ),
    "moderation": ("Flags handled per day", ["flags handled"]),
    "email": ("Email per day", ["emails sent", "emails bounced"]),
}
CATEGORY_CHARTS = {
    "solved": (
        "Questions solved",
        lambda row: None if row.solved_share is None else round(100 * row.solved_share),
        "% solved",
    ),
    "first-reply": (
        "Median time to a first reply",
        lambda row: row.median_hours_to_first_reply,
        "hours",
    ),
    "solution": (
        "Median time to the solution",
        lambda row: row.median_hours_to_solution,
        "hours",
    ),
}
DEFAULT_DAYS = 30
DEFAULT_UNANSWERED_DAYS = 3


class BadQuery(ValueError):
    pass


def _number(request: HttpRequest, name: str, default: int, allowed) -> int:
    value = request.GET.get(name, str(default))
    if not value.isdecimal() or int(value) not in allowed:
        raise BadQuery(f"“{name}” must be one of {', '.join(map(str, allowed))}.")
    return int(value)


def _period(request: HttpRequest) -> figures.Period:
    return figures.Period.last(_number(request, "days", DEFAULT_DAYS, figures.PERIODS))


@require_GET
@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        period = _period(request)
        unanswered_days = _number(
            request, "unanswered_days", DEFAULT_UNANSWERED_DAYS, range(1, 366)
        )
    except BadQuery as error:
        context = {
            "title": "Dashboard",
            "error": str(error),
            "periods": figures.PERIODS,
        }
        return render(request, "insights/dashboard.html", context, status=400)
    series = figures.daily_series(period)
    totals = {name: sum(values) for name, values in series.items()}
    totals["active members"] = figures.active_members(period)
    context = {
        "title": "Dashboard",
        "period": period,
        "periods": figures.PERIODS,
        "totals": totals,
        "daily_charts": {name: title for name, (title, _) in DAILY_CHARTS.items()},
        "category_charts": {
            name: title for name, (title, *_) in CATEGORY_CHARTS.items()
        },
        "health": figures.category_health(period, request.user),
        "unanswered": figures.unanswered_questions(
            request.user, older_than_days=unanswered_days
        ),
        "unanswered_days": unanswered_days,
    }
    return render(request, "insights/dashboard.html", context)


@require_GET
@staff_member_required
def chart(request: HttpRequest, name: str) -> HttpResponse:
    try:
        period = _period(request)
    except BadQuery as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    if name in DAILY_CHARTS:
        title, names = DAILY_CHARTS[name]
        series = figures.daily_series(period)
        svg = charts.daily_chart(title, {n: series[n] for n in names}, period)
    elif name in CATEGORY_CHARTS:
        title, value, unit = CATEGORY_CHARTS[name]
        rows = figures.category_health(period, request.user)
        svg = charts.category_chart(title, rows, value, unit)
    else:
        raise Http404("No such chart.")
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    team = (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(is_moderator=True), is_active=True)
        .order_by("username")
    )
    context = {
        "figures": figures.public_figures(),
        "team": team,
        "site_description": live.get("SITE_DESCRIPTION"),
    }
    return render(request, "insights/about.html", context)
