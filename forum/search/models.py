"""Tables of the PostgreSQL backend. Their migration creates them only on
PostgreSQL; the Whoosh backend keeps its index in files."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchPost(models.Model):
    """One post's weighted search vector: title A, accepted answer B, tags and
    category C, other text D. Category and state are read from its topic's
    `SearchTopic`."""

    post = models.OneToOneField(
        "topics.Post", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="+"
    )
    post_number = models.PositiveIntegerField()
    author_id = models.BigIntegerField()
    created_at = models.DateTimeField()
    vector = SearchVectorField()

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_post_vector"),
            models.Index(fields=["topic"], name="search_post_topic"),
        ]

    def __str__(self) -> str:
        return f"search entry of post {self.post_id}"


class SearchTopic(models.Model):
    """One topic's document: the vectors of its indexed posts joined in post order
    (`search_tsvector_cat`), its title's part alone, and its newest indexed post's
    time. Written with the topic's `SearchPost` rows. A word, or words spelled
    alike, matches a topic exactly when it matches one of its posts, so such
    searches (and searches by filters only) count and order these rows, ten times
    fewer than the posts, and rank a bounded set of them.

    The topic's place and state (category, listed, deleted, solved, closed) are
    copied here so that searches need not join the topics: database triggers
    (search migration 0003) copy every change of them in the statement that makes
    it, in its transaction, so a topic moved into a restricted category is never
    counted for outsiders, not even before it is reindexed."""

    topic = models.OneToOneField(
        "topics.Topic", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    title = SearchVectorField()
    vector = SearchVectorField()
    last_post_at = models.DateTimeField()
    category_id = models.BigIntegerField()
    is_visible = models.BooleanField()
    is_deleted = models.BooleanField()
    is_solved = models.BooleanField()
    is_closed = models.BooleanField()

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_topic_vector"),
            GinIndex(fields=["title"], name="search_topic_title"),
            models.Index(
                fields=["category_id", "-last_post_at"], name="search_topic_category"
            ),
        ]

    def __str__(self) -> str:
        return f"search document of topic {self.topic_id}"


class SearchWord(models.Model):
    """Every word seen while indexing, for trigram spelling correction."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        indexes = [
            GinIndex(
                fields=["word"], name="search_word_trigram", opclasses=["gin_trgm_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.word
