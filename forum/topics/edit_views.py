"""Changing a topic after posting: its title, category and tags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from forum.categories.models import Category

from . import permissions, services
from .forms import TopicEditForm
from .models import Topic


@login_required
def edit_topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = Topic.objects.select_related("category").get_visible_or_404(
        request.user, topic_id
    )
    permissions.check_can_edit_topic(request.user, topic)
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
            return redirect(topic)
    status = 400 if form.errors else 200
    context = {"form": form, "topic": topic}
    return render(request, "topics/edit_topic.html", context, status=status)
