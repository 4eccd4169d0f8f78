"""Why a topic was closed: the reasons a moderator chooses from."""

from django.db import models


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", "a duplicate"
    OFF_TOPIC = "off_topic", "off-topic"
    ANSWERED_ELSEWHERE = "answered_elsewhere", "answered elsewhere"
    RESOLVED = "resolved", "resolved"
    OTHER = "other", "closed"
