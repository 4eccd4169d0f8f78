"""The topic's place and state on its search document, kept exact by triggers
(only on PostgreSQL).

Searches then count and order the topic documents without joining the topics.
That is only safe if a document never lags behind its topic: a topic moved into
a restricted category, unlisted or deleted must stop being counted for those who
may no longer see it in the very transaction that changes it, not when the
indexing task runs after commit. So the copy is made by the database:

- `search_topic_state`, after an update of a topic that changes its category,
  listing, deletion, solution or closing, copies them to its document;
- `search_post_gone`, after a post is hidden, deleted or moved to another topic,
  drops its entry and rebuilds its topic's document from the entries left
  (a post shown again is indexed by the task after commit: late, never leaking).
"""

from django.db import migrations, models

ADD_STATE = """
    ALTER TABLE search_searchtopic
        ADD COLUMN category_id bigint,
        ADD COLUMN is_visible boolean,
        ADD COLUMN is_deleted boolean,
        ADD COLUMN is_solved boolean,
        ADD COLUMN is_closed boolean;
    UPDATE search_searchtopic st SET
        category_id = t.category_id,
        is_visible = t.is_visible,
        is_deleted = t.deleted_at IS NOT NULL,
        is_solved = t.solution_id IS NOT NULL,
        is_closed = t.is_closed
    FROM topics_topic t WHERE t.id = st.topic_id;
    ALTER TABLE search_searchtopic
        ALTER COLUMN category_id SET NOT NULL,
        ALTER COLUMN is_visible SET NOT NULL,
        ALTER COLUMN is_deleted SET NOT NULL,
        ALTER COLUMN is_solved SET NOT NULL,
        ALTER COLUMN is_closed SET NOT NULL;
    CREATE INDEX search_topic_category
        ON search_searchtopic (category_id, last_post_at DESC);
"""
TOPIC_STATE = """
    CREATE FUNCTION search_topic_state() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_searchtopic SET
            category_id = NEW.category_id,
            is_visible = NEW.is_visible,
            is_deleted = NEW.deleted_at IS NOT NULL,
            is_solved = NEW.solution_id IS NOT NULL,
            is_closed = NEW.is_closed
        WHERE topic_id = NEW.id;
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER search_topic_state AFTER UPDATE ON topics_topic
    FOR EACH ROW WHEN (
        OLD.category_id <> NEW.category_id
        OR OLD.is_visible <> NEW.is_visible
        OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
        OR (OLD.solution_id IS NULL) <> (NEW.solution_id IS NULL)
        OR OLD.is_closed <> NEW.is_closed
    ) EXECUTE FUNCTION search_topic_state();
"""
# The document is rebuilt as the indexing builds it (backends.postgres_index._insert_topics).
POST_GONE = """
    CREATE FUNCTION search_post_gone() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        gone_from bigint;
    BEGIN
        DELETE FROM search_searchpost WHERE post_id = OLD.id
        RETURNING topic_id INTO gone_from;
        IF gone_from IS NULL THEN
            RETURN NULL;
        END IF;
        IF EXISTS (SELECT 1 FROM search_searchpost WHERE topic_id = gone_from) THEN
            UPDATE search_searchtopic st SET
                title = d.title, vector = d.vector, last_post_at = d.last_post_at
            FROM (
                SELECT
                    (array_agg(ts_filter(vector, '{a}') ORDER BY post_number))[1]
                        AS title,
                    search_tsvector_cat(vector ORDER BY post_number) AS vector,
                    max(created_at) AS last_post_at
                FROM search_searchpost WHERE topic_id = gone_from
            ) d
            WHERE st.topic_id = gone_from;
        ELSE
            DELETE FROM search_searchtopic WHERE topic_id = gone_from;
        END IF;
        RETURN NULL;
    END
    $$;
    CREATE TRIGGER search_post_gone AFTER UPDATE ON topics_post
    FOR EACH ROW WHEN (
        (NEW.is_hidden AND NOT OLD.is_hidden)
        OR (NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL)
        OR NEW.topic_id <> OLD.topic_id
    ) EXECUTE FUNCTION search_post_gone();
"""
DROP = """
    DROP TRIGGER search_post_gone ON topics_post;
    DROP FUNCTION search_post_gone();
    DROP TRIGGER search_topic_state ON topics_topic;
    DROP FUNCTION search_topic_state();
    DROP INDEX search_topic_category;
    ALTER TABLE search_searchtopic
        DROP COLUMN category_id,
        DROP COLUMN is_visible,
        DROP COLUMN is_deleted,
        DROP COLUMN is_solved,
        DROP COLUMN is_closed;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")  # one UPDATE of all
    schema_editor.execute(ADD_STATE)
    schema_editor.execute(TOPIC_STATE)
    schema_editor.execute(POST_GONE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)


def _state(name, field):
    return migrations.AddField(
        model_name="searchtopic", name=name, field=field, preserve_default=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_searchtopic"),
        ("topics", "0012_has_continuations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                _state("category_id", models.BigIntegerField(default=0)),
                _state("is_visible", models.BooleanField(default=True)),
                _state("is_deleted", models.BooleanField(default=False)),
                _state("is_solved", models.BooleanField(default=False)),
                _state("is_closed", models.BooleanField(default=False)),
                migrations.AddIndex(
                    model_name="searchtopic",
                    index=models.Index(
                        fields=["category_id", "-last_post_at"],
                        name="search_topic_category",
                    ),
                ),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
