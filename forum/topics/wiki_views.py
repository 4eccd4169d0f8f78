"""Wiki posts: making a post a wiki, and its "last reviewed" date."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.models import TrustLevel

from . import services
from .models import Post


class WikiForm(forms.Form):
    action = forms.ChoiceField(choices=[("make", "make"), ("remove", "remove")])
    trust_level = forms.TypedChoiceField(
        choices=TrustLevel.choices, coerce=int, required=False, empty_value=1
    )


class ReviewedForm(forms.Form):
    reviewed_on = forms.DateField(required=False)


def _post(request: HttpRequest, post_id: int) -> Post:
    return Post.objects.select_related("topic__category").get_visible_or_404(
        request.user, post_id
    )


def _back(post: Post) -> HttpResponse:
    return redirect(post.get_absolute_url() + f"#post-{post.post_number}")


def _refused(request: HttpRequest, post: Post, form: forms.Form) -> HttpResponse:
    messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return _back(post)


@login_required
@require_POST
def wiki(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    form = WikiForm(request.POST)
    if not form.is_valid():
        return _refused(request, post, form)
    if form.cleaned_data["action"] == "make":
        level = form.cleaned_data["trust_level"]
        services.make_wiki(post=post, by=request.user, trust_level=level)
        messages.success(request, f"This post is a wiki from trust level {level}.")
    else:
        services.remove_wiki(post=post, by=request.user)
        messages.success(request, "This post is no longer a wiki.")
    return _back(post)


@login_required
@require_POST
def reviewed(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    form = ReviewedForm(request.POST)
    if not form.is_valid():
        return _refused(request, post, form)
    try:
        services.set_reviewed(
            post=post, by=request.user, on=form.cleaned_data["reviewed_on"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(post)
