"""A small forum with one page of every type, for the browser's whole-site checks
(accessibility and screenshots)."""

from __future__ import annotations

from dataclasses import dataclass

from taggit.models import Tag

from forum.conversations import services as conversations
from forum.moderation.services import flag_post
from forum.topics import services
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

QUESTION = """I read a calexp with the Butler and the background looks wrong.

```python
calexp = butler.get("calexp", dataId={"visit": 1228, "detector": 42})
```

The noise should follow $\\sigma^2 = \\frac{1}{N}\\sum_i (x_i - \\bar{x})^2$ and

$$
\\begin{aligned} f(x) &= \\left( \\frac{a}{b} \\right)^2 \\\\
  g(x) &= x + 1 \\end{aligned}
$$

| band | exposure_time_seconds | photometric_zero_point_magnitude |
| --- | --- | --- |
| r | 30 | 31.4 |
"""


@dataclass
class Site:
    member: object
    other_member: object
    moderator: object
    topic: object
    reply: object
    conversation: object

    def pages(self, role: str) -> dict[str, str]:
        """Every page type by name, as `role` (anonymous, member, moderator) sees it."""
        topic, reply = self.topic, self.reply
        pages = {
            "home": "/",
            "latest": "/latest",
            "top": "/top",
            "categories": "/categories",
            "category": f"/c/{topic.category.slug}/{topic.category_id}",
            "tags": "/tags",
            "tag": "/tag/butler",
            "topic": topic.get_absolute_url(),
            "search": "/search?q=calexp&status=solved",
            "profile": f"/u/{self.member.username}",
            "activity": f"/u/{self.member.username}/activity",
            "revisions": f"/p/{topic.posts.get(post_number=1).id}/revisions",
            "guidelines": "/guidelines",
            "not-found": "/t/no-such-topic/999999",
        }
        if role == "anonymous":
            pages |= {"sign-in": "/accounts/login/", "sign-up": "/accounts/signup/"}
            return pages
        me = self.moderator if role == "moderator" else self.member
        pages |= {
            "new-topic": "/new-topic",
            "unread": "/unread",
            "bookmarks": "/bookmarks",
            "notifications": f"/u/{me.username}/notifications",
            "preferences": f"/u/{me.username}/preferences",
            "feeds": f"/u/{me.username}/feeds",
            "edit": f"/p/{reply.id}/edit",
            "delete": f"/p/{reply.id}/delete",
            "flag": f"/p/{topic.posts.get(post_number=1).id}/flag",
            "messages": f"/u/{me.username}/messages",
            "new-message": "/messages/new?to=bob",
            "conversation": self.conversation.get_absolute_url(),
        }
        if role == "moderator":
            pages |= {"review": "/review"}
        else:
            pages.pop("edit")
            pages.pop("delete")
        return pages


def build_site() -> Site:
    member = UserFactory(username="alice", name="Alice Astro")
    other_member = UserFactory(username="bob", name="Bob Photometry")
    moderator = UserFactory(username="charlie", is_moderator=True)
    category = CategoryFactory(
        name="Support",
        slug="support",
        allow_solutions=True,
        description="Questions about the Science Platform and the Butler.",
    )
    CategoryFactory(name="Announcements", slug="announcements")
    for name in ("butler", "calexp", "dp0"):
        Tag.objects.create(name=name, slug=name)
    topic = TopicFactory(
        category=category,
        author=member,
        title="Why does the calexp background look wrong after I read it?",
        raw=QUESTION,
        tags=["butler", "calexp"],
    )
    reply = PostFactory(
        topic=topic,
        author=other_member,
        raw="Subtract the background model: `calexp.image.array - bkg.getImage()`.",
    )
    services.accept_solution(topic=topic, post=reply, by=member)
    services.like_post(user=member, post=reply)
    PostFactory(topic=topic, author=moderator, raw="Thanks for the answer, @bob!")
    TopicFactory(
        category=category,
        author=other_member,
        title="Which butler collection holds the DP0.2 calexps?",
        tags=["butler"],
    )
    spam = PostFactory(topic=topic, author=other_member, raw="Buy cheap telescopes.")
    flag_post(post=spam, user=member, reason="spam")
    services.edit_post(
        post=topic.posts.get(post_number=1),
        by=member,
        raw=QUESTION + "\nEdit: the visit is 1228.",
        reason="Added the visit",
    )
    conversation = conversations.start_conversation(
        author=moderator,
        title="About your reply with the telescope offer",
        raw="Hello @alice, thanks for flagging; could you tell me more?",
        users=[member],
    )
    conversations.reply(
        author=member,
        conversation=conversation,
        raw="It looked like spam to me, so I flagged it.",
    )
    return Site(member, other_member, moderator, topic, reply, conversation)
