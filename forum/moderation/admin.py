"""The review queue in Django admin. Decisions go through the same services as
the site."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .models import Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reason", "user", "status", "created_at", "resolved_by"]
    list_filter = ["status", "reason", "created_at"]
    search_fields = ["post__raw", "user__username", "message"]
    list_select_related = ["post", "user", "resolved_by"]
    fields = [
        "post",
        "user",
        "reason",
        "message",
        "status",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = fields
    actions = ["agree_hide", "agree_delete", "disagree", "defer"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _decide(self, request, queryset, decide, **kwargs) -> None:
        done = 0
        for post in {
            flag.post for flag in queryset.select_related("post__topic__category")
        }:
            try:
                decide(post=post, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{post}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, f"Decided on {done} post(s).", messages.SUCCESS)

    @admin.action(description="Agree: hide the posts")
    def agree_hide(self, request, queryset):
        self._decide(request, queryset, services.agree, action="hide")

    @admin.action(description="Agree: delete the posts")
    def agree_delete(self, request, queryset):
        self._decide(request, queryset, services.agree, action="delete")

    @admin.action(description="Disagree: keep the posts")
    def disagree(self, request, queryset):
        self._decide(request, queryset, services.disagree)

    @admin.action(description="Defer")
    def defer(self, request, queryset):
        self._decide(request, queryset, services.defer)
