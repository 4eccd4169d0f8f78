"""What search engines may list: the topics and categories an anonymous visitor
sees, nothing else. Django's sitemaps framework pages each section at 50,000 URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from forum.categories.models import Category
from forum.topics.models import Topic


class ForumSitemap(Sitemap):
    """Absolute URLs on SITE_URL, whatever the sites framework's row says."""

    limit = 50_000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class TopicSitemap(ForumSitemap):
    def items(self):
        return (
            Topic.objects.visible_to(AnonymousUser())
            .listed()
            .order_by("id")
            .only("id", "slug", "last_posted_at")
        )

    def lastmod(self, topic: Topic):
        return topic.last_posted_at

    def get_latest_lastmod(self):
        # Django's default walks every item; one aggregate does.
        return self.items().aggregate(latest=Max("last_posted_at"))["latest"]


class CategorySitemap(ForumSitemap):
    def items(self):
        return (
            Category.objects.visible_to(AnonymousUser())
            .select_related("parent")
            .order_by("id")
        )


SITEMAPS = {"topics": TopicSitemap, "categories": CategorySitemap}
