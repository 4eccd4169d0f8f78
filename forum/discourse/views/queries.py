"""Query-string parsing for the Discourse endpoints: bad input is a 400 with
Discourse's error body, never a 500."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

MAX_ID = 10**18


class TopicQuery(serializers.Serializer):
    print = serializers.BooleanField(default=False)


def id_list(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        if not value.isdigit() or int(value) >= MAX_ID:
            raise ValidationError({"post_ids": [f"{value!r} is not a post id."]})
        ids.append(int(value))
    return ids
