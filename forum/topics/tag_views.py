from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from taggit.models import Tag

from forum.subscriptions.levels_ui import level_menu
from forum.subscriptions.models import TagSubscription

from .lists import topic_page
from .models import Topic


def index(request: HttpRequest) -> HttpResponse:
    """Tags with the number of topics the visitor may see under each."""
    visible = Topic.objects.visible_to(request.user).listed()
    tags = (
        Tag.objects.annotate(
            topic_count=Count(
                "taggit_taggeditem_items",
                filter=Q(taggit_taggeditem_items__object_id__in=visible.values("id")),
            )
        )
        .filter(topic_count__gt=0)
        .order_by("-topic_count", "name")
    )
    return render(request, "topics/tags.html", {"tags": tags})


def detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        raise Http404("No such tag.")
    topics = Topic.objects.visible_to(request.user).listed().with_tag(tag.name)
    page = topic_page(request, topics, pinned=Q(is_pinned_globally=True))
    context = {"tag": tag, "page": page}
    if request.user.is_authenticated:
        current = (
            TagSubscription.objects.filter(user=request.user, tag=tag)
            .values_list("level", flat=True)
            .first()
        )
        context.update(level_menu("tag", tag.name, current))
    return render(request, "topics/tag.html", context)
