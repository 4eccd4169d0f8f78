"""Fixture bodies are Django templates: numbers, URLs and dates come from the
running code (fixtures/README.md, "Template values")."""

from __future__ import annotations

from django.conf import settings
from django.template import Context, Engine, Library
from django.utils import timezone

from forum.categories.models import Category
from forum.core import live

from .models import SeededPost

# The settings a guide may quote as `{{ settings.NAME }}`; lists (by trust level)
# as `{{ settings.NAME.0 }}`.
QUOTED_SETTINGS = [
    "FORUM_MIN_TITLE_LENGTH",
    "FORUM_MAX_TITLE_LENGTH",
    "FORUM_MIN_TITLE_WORDS",
    "FORUM_MIN_POST_LENGTH",
    "FORUM_MAX_POST_LENGTH",
    "FORUM_MIN_DISTINCT_LETTERS",
    "FORUM_MAX_REPEATED_CHARACTERS",
    "FORUM_DUPLICATE_POST_MINUTES",
    "FORUM_MAX_TAGS_PER_TOPIC",
    "FORUM_MAX_TAG_LENGTH",
    "FORUM_TOPIC_EDIT_DAYS",
    "FORUM_NEW_USER_MAX_LINKS",
    "FORUM_NEW_USER_MAX_IMAGES",
    "FORUM_NEW_USER_MAX_TOPICS_PER_DAY",
    "FORUM_NEW_USER_MAX_REPLIES_PER_DAY",
    "FORUM_TOPICS_PER_DAY",
    "FORUM_REPLIES_PER_MINUTE",
    "FORUM_LIKES_PER_DAY",
    "FORUM_TL1_MIN_TOPICS_ENTERED",
    "FORUM_TL1_MIN_POSTS_READ",
    "FORUM_TL1_MIN_MINUTES_READ",
    "FORUM_NEW_TOPIC_DAYS",
    "FORUM_EMAIL_DELAY",
    "FORUM_POSTS_PER_PAGE",
    "FORUM_FLAGS_TO_HIDE",
    "FORUM_MAILING_LIST_DAILY_CAP",
    "FORUM_DIGEST_DEFAULT",
    "FORUM_DIGEST_HOUR",
]

# Tags for fixture bodies, on top of Django's built-ins (`{% url %}` and so on).
register = Library()


class NotSeededYet(LookupError):
    """A body links to a topic that a later fixture file creates."""


@register.simple_tag
def seeded_topic_url(key: str) -> str:
    """`{% seeded_topic_url '032-dp0-…' %}`: the address of another seeded topic."""
    record = (
        SeededPost.objects.filter(key=f"{key}#1").select_related("post__topic").first()
    )
    if record is None:
        raise NotSeededYet(key)
    return record.post.topic.get_absolute_url()


@register.simple_tag
def category_url(slug: str) -> str:
    """`{% category_url 'data-qa' %}`: a category's address (its id is only known
    once it is seeded); add `.rss` for its feed."""
    return Category.objects.get(slug=slug).get_absolute_url()


ENGINE = Engine(builtins=[__name__])


def months_ago(count: int) -> list[str]:
    """The first day of this month and of each of the `count` months before it,
    as `YYYY-MM-DD`: dates for search examples that match the demo's dates (by
    month, so a guide quoting them changes once a month, not on every seeding)."""
    today = timezone.now().date()
    firsts = []
    for back in range(count + 1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        firsts.append(f"{year:04d}-{month + 1:02d}-01")
    return firsts


def quoted_value(name: str):
    """A setting as a guide quotes it: the live value where staff may change it."""
    if name in settings.CONSTANCE_CONFIG:
        return live.get(name)
    return getattr(settings, name)


def fill_in(body: str) -> str:
    """Fill a fixture body's placeholders (settings, URLs) from the running code."""
    context = {
        "months_ago": months_ago(12),
        "site_name": live.get("SITE_NAME"),
        "site_url": settings.SITE_URL,
        "settings": {name: quoted_value(name) for name in QUOTED_SETTINGS},
        # `{{ categories.data_qa.id }}`: slugs with underscores for hyphens.
        "categories": {
            category.slug.replace("-", "_"): category
            for category in Category.objects.all()
        },
    }
    return ENGINE.from_string(body).render(Context(context, autoescape=False))
