"""Changing a topic after posting: its title, category and tags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from forum.categories.models import Category

from . import edit_permissions, services
from .forms import TopicEditForm
from .lists import attach_tag_names
from .models import Topic


@login_required
def edit_topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    """The form for a topic's title, category and tags: its own page, or with
    htmx in place of the topic page's title, which it gives back once saved."""
    topic = Topic.objects.select_related("category").get_visible_or_404(
        request.user, topic_id
    )
    edit_permissions.check_can_edit_topic(request.user, topic)
    initial = {
        "title": topic.title,
        "category": topic.category,
        "tags": " ".join(sorted(topic.tags.names())),
    }
    form = TopicEditForm(
        request.POST if request.method == "POST" else None,
        categories=Category.objects.visible_to(request.user).select_related("parent"),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_topic(
                topic=topic,
                by=request.user,
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
                tags=form.cleaned_data["tags"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _saved_title(request, topic.pk)
            return redirect(topic)
    status = 400 if form.errors else 200
    context = {"form": form, "topic": topic, "inline": bool(request.htmx)}
    template = (
        "topics/_edit_topic_form.html" if request.htmx else "topics/edit_topic.html"
    )
    return render(request, template, context, status=status)


def _saved_title(request: HttpRequest, topic_id: int) -> HttpResponse:
    """The topic page's title after an edit (htmx), at the topic's new address
    (a new title makes a new slug)."""
    topic = Topic.objects.select_related("category__parent").get(pk=topic_id)
    attach_tag_names([topic])
    context = {
        "topic": topic,
        "category": topic.category,
        "can_edit_topic": edit_permissions.can_edit_topic(request.user, topic),
        "retitle": True,
    }
    response = render(request, "topics/_topic_title.html", context)
    response["HX-Replace-Url"] = topic.get_absolute_url()
    return response
