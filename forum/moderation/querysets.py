"""Reads about flags that other apps' queries use."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Flag


def pending_flag_count() -> Coalesce:
    """The number of pending flags on each post, as an annotation of posts (the
    topic page shows it to the post's moderators)."""
    pending = Flag.objects.filter(post=OuterRef("pk"), status=Flag.Status.PENDING)
    return Coalesce(
        Subquery(
            pending.values("post").annotate(n=Count("id")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
