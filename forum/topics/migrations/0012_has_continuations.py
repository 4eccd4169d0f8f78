"""`Post.has_continuations`: a stored flag in place of the topic page's `EXISTS`
subquery per post; set here for the posts topics already continue."""

from django.db import migrations, models


def flag_continued_posts(apps, schema_editor):
    Topic = apps.get_model("topics", "Topic")
    Post = apps.get_model("topics", "Post")
    continued = Topic.objects.filter(continues_post__isnull=False).values(
        "continues_post_id"
    )
    Post.objects.filter(id__in=continued).update(has_continuations=True)


class Migration(migrations.Migration):
    dependencies = [("topics", "0011_wiki_posts")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="has_continuations",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(flag_continued_posts, migrations.RunPython.noop),
    ]
