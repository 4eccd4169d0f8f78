"""The PostgreSQL backend's tables and the pg_trgm and fuzzystrmatch extensions,
created only on PostgreSQL (the Whoosh backend needs no tables)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.contrib.postgres.operations import CreateExtension, TrigramExtension
from django.db import migrations, models

TABLES = ("SearchWord", "SearchPost")


def create_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TABLES:
        schema_editor.create_model(apps.get_model("search", name))


def drop_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in reversed(TABLES):
        schema_editor.delete_model(apps.get_model("search", name))


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("topics", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        CreateExtension("fuzzystrmatch"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[
                        ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                    ],
                    options={
                        "indexes": [
                            django.contrib.postgres.indexes.GinIndex(
                                fields=["word"], name="search_word_trigram", opclasses=["gin_trgm_ops"]
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SearchPost",
                    fields=[
                        (
                            "post",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="topics.post",
                            ),
                        ),
                        ("post_number", models.PositiveIntegerField()),
                        ("author_id", models.BigIntegerField()),
                        ("created_at", models.DateTimeField()),
                        ("vector", django.contrib.postgres.search.SearchVectorField()),
                        (
                            "topic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="topics.topic",
                            ),
                        ),
                    ],
                    options={
                        "indexes": [
                            django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_post_vector"),
                            models.Index(fields=["topic"], name="search_post_topic"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_tables, drop_tables),
    ]
