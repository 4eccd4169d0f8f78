from django.contrib import admin

from .models import CategoryInbox, IncomingMessage, MailHealth, ReplyKey
from .outgoing import revoke_reply_keys


@admin.register(IncomingMessage)
class IncomingMessageAdmin(admin.ModelAdmin):
    """Staff inspect what arrived and why it did or did not become a post."""

    list_display = ["created_at", "from_address", "subject", "status", "post"]
    list_filter = ["status"]
    search_fields = ["from_address", "subject", "message_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        field.name
        for field in IncomingMessage._meta.get_fields()
        if field.concrete and field.name != "id"
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CategoryInbox)
class CategoryInboxAdmin(admin.ModelAdmin):
    list_display = ["address", "category"]
    search_fields = ["address", "category__name"]
    autocomplete_fields = ["category"]


@admin.register(MailHealth)
class MailHealthAdmin(admin.ModelAdmin):
    """Bounced addresses: whose mail fails, and whose email is switched off."""

    list_display = ["user", "address", "hard_bounces", "soft_bounces", "disabled_at"]
    list_filter = [("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "address"]
    readonly_fields = ["last_bounce_at", "last_bounce_status"]
    list_select_related = ["user"]


@admin.register(ReplyKey)
class ReplyKeyAdmin(admin.ModelAdmin):
    # A conversation shows by its id only: staff do not read others' messages,
    # titles included.
    list_display = ["user", "post", "conversation_id", "created_at", "revoked_at"]
    search_fields = ["user__username", "key"]
    raw_id_fields = ["user", "post"]
    exclude = ["conversation"]
    actions = ["revoke"]

    @admin.action(description="Revoke: replies to these addresses are refused")
    def revoke(self, request, queryset) -> None:
        revoke_reply_keys(queryset)
