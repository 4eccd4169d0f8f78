"""The topic-level search document of the PostgreSQL backend (only on PostgreSQL).

- `search_pairs(vector)`: the pairs of adjacent words of a vector as lexemes
  (`'photometr redshift'`), added to every post's vector, so a phrase is found in
  the GIN index without reading vectors (posts already indexed get theirs here);
- `search_tsvector_cat`: the aggregate that joins a topic's post vectors;
- the `SearchTopic` table, its vectors stored out of line (the rows the planner
  scans stay small), filled from the post entries already indexed.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

CREATE_PAIRS = """
    CREATE FUNCTION search_pairs(v tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(
            array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)),
            ''::tsvector
        )
        FROM (SELECT u.lexeme, p FROM unnest(v) u, unnest(u.positions) p) a
        JOIN (SELECT u.lexeme, p FROM unnest(v) u, unnest(u.positions) p) b
            ON b.p = a.p + 1
        WHERE length(a.lexeme) + length(b.lexeme) < 1000
    $$
"""
ADD_PAIRS = "UPDATE search_searchpost SET vector = vector || search_pairs(vector)"
CREATE_AGGREGATE = """
    CREATE AGGREGATE search_tsvector_cat(tsvector) (
        SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
    )
"""
STORE_OUT_OF_LINE = """
    ALTER TABLE search_searchtopic ALTER COLUMN vector SET STORAGE EXTERNAL;
    ALTER TABLE search_searchtopic ALTER COLUMN title SET STORAGE MAIN;
    ALTER TABLE search_searchtopic SET (toast_tuple_target = 128)
"""
FILL = """
    INSERT INTO search_searchtopic (topic_id, title, vector, last_post_at)
    SELECT topic_id,
        (array_agg(ts_filter(vector, '{a}') ORDER BY post_number))[1],
        search_tsvector_cat(vector ORDER BY post_number),
        max(created_at)
    FROM search_searchpost
    GROUP BY topic_id
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Rewriting every post's vector takes minutes on a large forum; the timeout
    # meant for requests would cancel it (the migration runs in one transaction).
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    schema_editor.execute(CREATE_PAIRS)
    schema_editor.execute(ADD_PAIRS)
    schema_editor.execute(CREATE_AGGREGATE)
    schema_editor.create_model(apps.get_model("search", "SearchTopic"))
    schema_editor.execute(STORE_OUT_OF_LINE)
    schema_editor.execute(FILL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.delete_model(apps.get_model("search", "SearchTopic"))
    schema_editor.execute("DROP AGGREGATE search_tsvector_cat(tsvector)")
    schema_editor.execute("DROP FUNCTION search_pairs(tsvector)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("topics", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchTopic",
                    fields=[
                        (
                            "topic",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="topics.topic",
                            ),
                        ),
                        ("title", django.contrib.postgres.search.SearchVectorField()),
                        ("vector", django.contrib.postgres.search.SearchVectorField()),
                        ("last_post_at", models.DateTimeField()),
                    ],
                    options={
                        "indexes": [
                            django.contrib.postgres.indexes.GinIndex(
                                fields=["vector"], name="search_topic_vector"
                            ),
                            django.contrib.postgres.indexes.GinIndex(
                                fields=["title"], name="search_topic_title"
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
