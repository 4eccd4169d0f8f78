from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from . import services
from .models import GroupJoinRequest, GroupProfile, JoinRequestStatus, User, UserStats


class UserStatsInline(admin.StackedInline):
    model = UserStats
    can_delete = False
    readonly_fields = [
        "days_visited",
        "last_visit_on",
        "topics_entered",
        "posts_read",
        "seconds_read",
    ]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "name",
        "trust_level",
        "is_staff",
        "is_moderator",
        "is_active",
        "silenced_until",
        "suspended_until",
    ]
    list_filter = ["trust_level", "is_staff", "is_moderator", "is_active", "groups"]
    search_fields = ["username", "email", "name"]
    inlines = [UserStatsInline]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "Forum",
            {
                "fields": [
                    "name",
                    "title",
                    "bio_raw",
                    "avatar",
                    "time_zone",
                    "is_moderator",
                    "trust_level",
                    "likes_received",
                    "last_seen_at",
                ]
            },
        ),
        (
            "Silenced and suspended",
            {
                "fields": [
                    "silenced_until",
                    "silenced_reason",
                    "suspended_until",
                    "suspended_reason",
                ]
            },
        ),
        (
            "Email",
            {
                "fields": [
                    "email_mentions",
                    "email_replies",
                    "email_watched",
                    "email_digest",
                    "digest_hour",
                ]
            },
        ),
    ]
    readonly_fields = ["likes_received", "last_seen_at"]


class GroupProfileInline(admin.StackedInline):
    model = GroupProfile
    can_delete = False
    filter_horizontal = ["owners"]


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    inlines = [GroupProfileInline]
    list_display = ["name", "title", "is_visible", "allow_join_requests"]

    @admin.display(description="title")
    def title(self, group: Group) -> str:
        profile = getattr(group, "profile", None)
        return profile.title if profile else ""

    @admin.display(boolean=True, description="visible")
    def is_visible(self, group: Group) -> bool:
        profile = getattr(group, "profile", None)
        return bool(profile and profile.is_visible)

    @admin.display(boolean=True, description="join requests")
    def allow_join_requests(self, group: Group) -> bool:
        profile = getattr(group, "profile", None)
        return bool(profile and profile.allow_join_requests)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile")


def _decide(modeladmin, request, queryset, service, done: str) -> None:
    count = 0
    for join_request in queryset.select_related("user"):
        try:
            service(join_request=join_request, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            why = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{join_request}: {why}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, f"{done}: {count}.", messages.SUCCESS)


@admin.register(GroupJoinRequest)
class GroupJoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "status", "created_at", "decided_by"]
    list_filter = ["status", "group"]
    readonly_fields = [
        "group",
        "user",
        "message",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "decline"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "group")

    @admin.action(description="Approve the selected requests")
    def approve(self, request, queryset):
        pending = queryset.filter(status=JoinRequestStatus.PENDING)
        _decide(self, request, pending, services.approve_join_request, "Approved")

    @admin.action(description="Decline the selected requests")
    def decline(self, request, queryset):
        pending = queryset.filter(status=JoinRequestStatus.PENDING)
        _decide(self, request, pending, services.decline_join_request, "Declined")
