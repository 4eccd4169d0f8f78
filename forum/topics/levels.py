from django.db import models


class NotificationLevel(models.IntegerChoices):
    """Discourse's levels, for topics, categories and tags."""

    MUTED = 0, "Muted"
    NORMAL = 1, "Normal"
    TRACKING = 2, "Tracking"
    WATCHING = 3, "Watching"
    WATCHING_FIRST_POST = 4, "Watching first post"


FOLLOWING = [NotificationLevel.TRACKING, NotificationLevel.WATCHING]
