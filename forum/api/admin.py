from django.contrib import admin, messages

from . import services
from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are listed and revoked here. They are created on their owner's API keys
    page or with `manage.py create_api_key`, the only places the secret is shown."""

    list_display = [
        "name",
        "user",
        "prefix",
        "kind",
        "is_read_only",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["kind", "is_read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "kind",
        "is_read_only",
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
        for key in queryset.select_related("user"):
            services.revoke_api_key(key=key, by=request.user)
        self.message_user(request, "Revoked.", messages.SUCCESS)
