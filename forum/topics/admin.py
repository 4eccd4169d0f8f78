"""Admin for topics and posts. Every action goes through the same services as the
site, so the rules (and, later, the staff log) apply here too."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from forum.categories.models import Category

from . import services
from .models import Post, PostRevision, Topic


class TopicActionForm(admin.helpers.ActionForm):
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        required=False,
        help_text="For “Move to category”.",
    )


def _apply(modeladmin, request, queryset, service, done: str, **kwargs) -> None:
    count = 0
    for obj in queryset:
        try:
            service(by=request.user, **{modeladmin.service_arg: obj}, **kwargs)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, f"{done}: {count}.", messages.SUCCESS)


class SoftDeleteOnlyAdmin(admin.ModelAdmin):
    """No hard deletes and no direct edits: deleting is soft, edits keep revisions."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(SoftDeleteOnlyAdmin):
    service_arg = "topic"
    action_form = TopicActionForm
    list_display = [
        "title",
        "category",
        "author",
        "reply_count",
        "is_pinned",
        "is_closed",
        "bumped_at",
        "deleted_at",
    ]
    list_filter = ["category", "is_pinned", "is_closed", "is_archived", "is_visible"]
    search_fields = ["title", "author__username"]
    list_select_related = ["category", "category__parent", "author"]
    # Changes go through the actions (services), so counters and rules hold.
    fields = ["title", "category", "author", "tags", "created_at", "bumped_at"]
    readonly_fields = ["title", "category", "author", "created_at", "bumped_at"]
    actions = [
        "pin",
        "pin_globally",
        "unpin",
        "close",
        "open",
        "move",
        "banner",
        "unbanner",
        "delete_softly",
        "restore",
    ]

    @admin.action(description="Pin in their category")
    def pin(self, request, queryset):
        _apply(self, request, queryset, services.pin_topic, "Pinned")

    @admin.action(description="Pin globally (every list)")
    def pin_globally(self, request, queryset):
        _apply(self, request, queryset, services.pin_topic, "Pinned", globally=True)

    @admin.action(description="Make the banner")
    def banner(self, request, queryset):
        _apply(self, request, queryset[:1], services.make_banner, "Banner set")

    @admin.action(description="Remove the banner")
    def unbanner(self, request, queryset):
        _apply(self, request, queryset, services.remove_banner, "Banner removed")

    @admin.action(description="Unpin")
    def unpin(self, request, queryset):
        _apply(self, request, queryset, services.unpin_topic, "Unpinned")

    @admin.action(description="Close")
    def close(self, request, queryset):
        _apply(self, request, queryset, services.close_topic, "Closed")

    @admin.action(description="Open")
    def open(self, request, queryset):
        _apply(self, request, queryset, services.open_topic, "Opened")

    @admin.action(description="Move to category (choose below)")
    def move(self, request, queryset):
        category = Category.objects.filter(id=request.POST.get("category") or 0).first()
        if category is None:
            self.message_user(request, "Choose a category to move to.", messages.ERROR)
            return
        _apply(self, request, queryset, services.move_topic, "Moved", category=category)

    @admin.action(description="Delete (soft, restorable)")
    def delete_softly(self, request, queryset):
        _apply(self, request, queryset, services.delete_topic, "Deleted")

    @admin.action(description="Restore deleted")
    def restore(self, request, queryset):
        _apply(self, request, queryset, services.restore_topic, "Restored")


@admin.register(Post)
class PostAdmin(SoftDeleteOnlyAdmin):
    service_arg = "post"
    list_display = [
        "__str__",
        "topic",
        "author",
        "created_at",
        "is_hidden",
        "deleted_at",
    ]
    list_filter = ["is_hidden", "is_solution", "topic__category"]
    search_fields = ["raw", "author__username", "topic__title"]
    list_select_related = ["topic", "author"]
    fields = ["topic", "author", "post_number", "raw", "created_at", "edited_at"]
    readonly_fields = fields
    actions = ["hide", "unhide", "delete_softly", "restore"]

    @admin.action(description="Hide")
    def hide(self, request, queryset):
        _apply(self, request, queryset, services.hide_post, "Hidden")

    @admin.action(description="Unhide")
    def unhide(self, request, queryset):
        _apply(self, request, queryset, services.unhide_post, "Shown again")

    @admin.action(description="Delete (soft, restorable)")
    def delete_softly(self, request, queryset):
        _apply(self, request, queryset, services.delete_post, "Deleted")

    @admin.action(description="Restore deleted")
    def restore(self, request, queryset):
        _apply(self, request, queryset, services.restore_post, "Restored")


@admin.register(PostRevision)
class PostRevisionAdmin(admin.ModelAdmin):
    list_display = ["post", "number", "editor", "created_at", "reason"]
    search_fields = ["post__topic__title", "editor__username", "reason"]
    list_select_related = ["post", "editor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
