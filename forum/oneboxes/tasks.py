from celery import shared_task

from forum.topics import events
from forum.topics.models import Post
from forum.topics.oneboxes import posts_linking_to
from forum.topics.services import rebake_posts

from .models import LinkPreview
from .previews import fetch_preview


@shared_task(ignore_result=True)
def fetch_link_previews(post_id: int, urls: list[str]) -> None:
    """Fetch the previews a post's lone links need, then re-cook the post so
    its links show as cards."""
    fetched = [fetch_preview(url) for url in urls]
    if any(preview.status == LinkPreview.Status.OK for preview in fetched):
        post = Post.objects.filter(pk=post_id).first()
        if post is not None and rebake_posts([post]):
            events.topic_changed(post.topic_id)


@shared_task(ignore_result=True)
def recook_cards_of(topic_id: int) -> None:
    """Cook again the posts linking to topic `topic_id`, which moved: a card
    shows only while its topic is public, in whatever category it now is."""
    posts = list(posts_linking_to(topic_id))
    if rebake_posts(posts):
        for changed_topic_id in {post.topic_id for post in posts}:
            events.topic_changed(changed_topic_id)
