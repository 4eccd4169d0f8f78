import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import TrustLevel, User
from forum.categories.models import Category
from forum.topics import services
from forum.topics.models import Post, Topic


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"group-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")
    # Established by default; tests of the new-user limits ask for TrustLevel.NEW.
    trust_level = TrustLevel.BASIC

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        # Sign-in requires a verified address (ACCOUNT_EMAIL_VERIFICATION).
        if create and user.email and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic made through the real service, with its first post."""

    class Meta:
        model = Topic

    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do I read calexp images, part {n}?")
    raw = factory.Sequence(
        lambda n: f"I am trying to read a calexp with the Butler and get error {n}."
    )

    @classmethod
    def _create(cls, model_class, *, author, category, title, raw, tags=(), **kwargs):
        return services.create_topic(
            author=author, category=category, title=title, raw=raw, tags=tags
        )


class PostFactory(factory.django.DjangoModelFactory):
    """A reply made through the real service."""

    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    raw = factory.Sequence(lambda n: f"Here is reply number {n}, with some detail.")

    @classmethod
    def _create(cls, model_class, *, topic, author, raw, **kwargs):
        return services.create_post(author=author, topic=topic, raw=raw, **kwargs)
