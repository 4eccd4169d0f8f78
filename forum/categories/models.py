from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models

from forum.core.links import link

from .access import Access
from .querysets import CategoryQuerySet

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #1a7f64.")


class Category(models.Model):
    """A place for topics. Nested one level: a category may have subcategories."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    color = models.CharField(
        max_length=7, default="#3f6ea6", validators=[color_validator]
    )
    position = models.PositiveIntegerField(default=0)
    allow_solutions = models.BooleanField(
        default=False, help_text="Topic authors and moderators may mark a solution."
    )
    topic_template = models.TextField(
        blank=True,
        help_text="Markdown put into an empty composer for a new topic here, e.g. "
        "“What you ran / what you expected / what happened / versions”.",
    )
    auto_close_days_after_solution = models.PositiveSmallIntegerField(
        default=0,
        help_text="Close a topic this many days after its solution is accepted "
        "(0: never).",
    )
    moderator_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="moderated_categories",
        help_text="Their members moderate this category and its subcategories.",
    )
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="category_not_own_parent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    def get_absolute_url(self) -> str:
        if self.parent_id:
            return link(
                "categories:detail_nested", self.parent.slug, self.slug, self.id
            )
        return link("categories:detail", self.slug, self.id)


class CategoryPermission(models.Model):
    """What a group (or everyone, when group is empty) may do in a category.

    A category without any permission row is open to everyone; once it has rows,
    only the groups they name (and staff) may see it.
    """

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="permissions"
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Leave empty for everyone (signed in or not).",
    )
    access = models.PositiveSmallIntegerField(
        choices=Access.choices, default=Access.CREATE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "group"], name="unique_category_group_permission"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(group__isnull=True),
                name="unique_category_everyone_permission",
            ),
        ]

    def __str__(self) -> str:
        who = self.group.name if self.group_id else "everyone"
        return f"{who}: {self.get_access_display()}"
