from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.feedgenerator import Rss201rev2Feed

from forum.core import live
from forum.topics.models import Topic

from .models import Digest

SECTION_TITLES = {
    "popular": "Popular new topics",
    "solved": "Newly solved",
    "unanswered": "Unanswered questions",
}


def public_sections(digest: Digest) -> list[tuple[str, list[Topic]]]:
    """The digest's topics that are public now (permissions may have changed)."""
    ids = [i for ids in digest.topics.values() for i in ids]
    topics = Topic.objects.visible_to(AnonymousUser()).in_bulk(ids)
    return [
        (SECTION_TITLES.get(name, name), [topics[i] for i in ids if i in topics])
        for name, ids in digest.topics.items()
    ]


def detail(request: HttpRequest, digest_id: int) -> HttpResponse:
    digest = get_object_or_404(Digest, id=digest_id, user__isnull=True)
    context = {"digest": digest, "sections": public_sections(digest)}
    return render(request, "subscriptions/digest.html", context)


class DigestFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self) -> str:
        return f"{live.get('SITE_NAME')}: weekly digest"

    def link(self) -> str:
        return settings.SITE_URL + "/latest"

    def description(self) -> str:
        return self.title()

    def items(self):
        return Digest.objects.filter(user__isnull=True).order_by("-created_at")[:10]

    def item_title(self, digest: Digest) -> str:
        return f"{live.get('SITE_NAME')} digest, week of {digest.since:%B %-d, %Y}"

    def item_description(self, digest: Digest) -> str:
        sections = public_sections(digest)
        return render_to_string(
            "subscriptions/_digest_sections.html", {"sections": sections}
        )

    def item_link(self, digest: Digest) -> str:
        return f"{settings.SITE_URL}/digests/{digest.id}"

    def item_pubdate(self, digest: Digest):
        return digest.created_at
