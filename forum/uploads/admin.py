from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from . import services
from .models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "size_label", "uploader", "created_at")
    list_filter = ("kind", "extension", "created_at")
    search_fields = ("original_name", "sha256", "uploader__username")
    list_select_related = ("uploader",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "link",
        "sha256",
        "extension",
        "kind",
        "original_name",
        "size",
        "width",
        "height",
        "uploader",
        "created_at",
        "last_uploaded_at",
        "used_in",
    )
    fields = readonly_fields
    actions = ["delete_uploads"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_count=Count("uses"))

    def has_add_permission(self, request) -> bool:
        # Uploads come through the composer, the API or mail, which check them.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="size", ordering="size")
    def size_label(self, upload: Upload) -> str:
        return f"{upload.size / 1024:.0f} KB"

    @admin.display(description="file")
    def link(self, upload: Upload) -> str:
        return format_html('<a href="{}">{}</a>', upload.url, upload.url)

    @admin.display(description="posts that use it")
    def used_in(self, upload: Upload) -> str:
        posts = upload.posts.select_related("topic").order_by("id")[:50]
        items = (
            (post.get_absolute_url(), Truncator(post.topic.title).chars(60), post.id)
            for post in posts
        )
        html = format_html_join("", '<li><a href="{}">{} (post {})</a></li>', items)
        return format_html("<ul>{}</ul>", html) if posts else "none"

    def delete_model(self, request, obj: Upload) -> None:
        services.delete_upload(upload=obj)

    @admin.action(description="Delete the selected uploads (posts show a placeholder)")
    def delete_uploads(self, request, queryset) -> None:
        changed = sum(services.delete_upload(upload=upload) for upload in queryset)
        self.message_user(
            request,
            f"Deleted {len(queryset)} uploads; {changed} posts now show a placeholder.",
            messages.SUCCESS,
        )
