"""The topics suggested at the end of a topic, read in one plain SQL query.

On the last page of every topic, building this query with the ORM (two tag
subqueries in `Exists`, the viewer's read state, three joins, `values()`) cost
about four times as much as running it; the SQL below is the same query.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection


def suggested_rows(topic, user, visible: frozenset[int], *, scan: int) -> list[tuple]:
    """The newest `scan` topics related to `topic` that `user` sees, newest
    activity first (read in the order of the `topic_bumped` index, no sort):
    listed, not deleted, in the `visible` categories, not `topic` itself, and
    in its category, or sharing one of its tags, or (members) with posts the
    member has not read in a topic they started reading.

    Each row: id, slug, title, reply count, category id, name and slug, parent
    id, name and slug (or None), shares a tag, unread."""
    if not visible:
        return []
    topic_model = type(topic)
    category_model = topic_model.category.field.related_model
    through = topic_model.tags.through
    quote = connection.ops.quote_name
    topics = quote(topic_model._meta.db_table)
    categories = quote(category_model._meta.db_table)
    items = quote(through._meta.db_table)
    content_type = ContentType.objects.get_for_model(topic_model).id
    shares_tag = (
        f"EXISTS (SELECT 1 FROM {items} i WHERE i.content_type_id = %s"  # noqa: S608
        " AND i.object_id = t.id AND i.tag_id IN ("
        f"SELECT o.tag_id FROM {items} o WHERE o.content_type_id = %s"
        " AND o.object_id = %s))"
    )
    shares_params = [content_type, content_type, topic.id]
    unread, unread_params = "0", []
    if user.is_authenticated:
        states = quote(topic_model.user_states.rel.related_model._meta.db_table)
        unread = (
            f"EXISTS (SELECT 1 FROM {states} s WHERE s.topic_id = t.id"  # noqa: S608
            " AND s.user_id = %s AND s.last_read_post_number > 0"
            " AND s.last_read_post_number < t.highest_post_number)"
        )
        unread_params = [user.pk]
    in_visible = ", ".join(["%s"] * len(visible))
    related = f"t.category_id = %s OR {shares_tag}"
    related_params = [topic.category_id, *shares_params]
    if unread_params:
        related += f" OR {unread}"
        related_params += unread_params
    sql = (
        "SELECT t.id, t.slug, t.title, t.reply_count, t.category_id,"  # noqa: S608
        " c.name, c.slug, c.parent_id, p.name, p.slug,"
        f" {shares_tag}, {unread}"
        f" FROM {topics} t INNER JOIN {categories} c ON c.id = t.category_id"
        f" LEFT OUTER JOIN {categories} p ON p.id = c.parent_id"
        f" WHERE t.category_id IN ({in_visible}) AND t.deleted_at IS NULL"
        f" AND t.is_visible AND t.id <> %s AND ({related})"
        " ORDER BY t.bumped_at DESC LIMIT %s"
    )
    params = [
        *shares_params,
        *unread_params,
        *sorted(visible),
        topic.id,
        *related_params,
        scan,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
