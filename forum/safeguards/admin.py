"""The staff action log in Django admin, read-only; the live settings page."""

from constance import config
from constance.admin import Config, ConstanceAdmin
from constance.models import Constance
from django.conf import settings
from django.contrib import admin

from .log import log_action
from .models import StaffAction


@admin.register(StaffAction)
class StaffActionAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_repr",
        "reason",
    ]
    list_filter = ["action", "target_type", "created_at"]
    search_fields = ["actor__username", "target_repr", "reason"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LiveSettingsAdmin(ConstanceAdmin):
    """Constance's page, with every change written to the staff action log."""

    def changelist_view(self, request, extra_context=None):
        before = {name: getattr(config, name) for name in settings.CONSTANCE_CONFIG}
        response = super().changelist_view(request, extra_context)
        if request.method == "POST":
            self._log_changes(request.user, before)
        return response

    @staticmethod
    def _log_changes(user, before: dict) -> None:
        for name, old in before.items():
            new = getattr(config, name)
            if new != old:
                row = Constance.objects.get(key=name)
                log_action(
                    actor=user,
                    action="live setting changed",
                    target=row,
                    before={name: old},
                    after={name: new},
                )


admin.site.unregister([Config])
admin.site.register([Config], LiveSettingsAdmin)
