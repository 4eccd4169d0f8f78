from django.contrib import admin, messages

from . import services
from .models import MovedId, UserApiKey


@admin.register(UserApiKey)
class UserApiKeyAdmin(admin.ModelAdmin):
    """Keys members granted applications (/user-api-key/new): listed and
    revoked here; the secret is never shown again."""

    list_display = [
        "application_name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["application_name", "client_id", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "application_name",
        "client_id",
        "scopes",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset) -> None:
        for key in queryset:
            services.revoke_user_api_key(key=key, by=request.user)
        self.message_user(request, "Revoked.", messages.SUCCESS)


@admin.register(MovedId)
class MovedIdAdmin(admin.ModelAdmin):
    """Old links of imported topics and categories whose Discourse id was
    taken, and where they redirect."""

    list_display = ["kind", "old_slug", "old_id", "target_id"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]
