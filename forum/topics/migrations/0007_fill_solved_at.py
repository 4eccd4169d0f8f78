"""Topics solved before `solved_at` existed (0003) got NULL: the solved feeds and
the "solved" filters order by it. The moment the solution was posted is the best
record of when the question was answered."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_solved_at(apps, schema_editor):
    Topic = apps.get_model("topics", "Topic")
    Post = apps.get_model("topics", "Post")
    posted = Post.objects.filter(pk=OuterRef("solution_id")).values("created_at")
    Topic.objects.filter(solution__isnull=False, solved_at__isnull=True).update(
        solved_at=Subquery(posted[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("topics", "0006_first_post_and_continuation_indexes")]

    operations = [migrations.RunPython(fill_solved_at, migrations.RunPython.noop)]
