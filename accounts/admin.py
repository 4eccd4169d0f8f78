from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "name",
        "is_staff",
        "is_moderator",
        "is_active",
    ]
    list_filter = ["is_staff", "is_moderator", "is_active", "groups"]
    search_fields = ["username", "email", "name"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Forum", {"fields": ["name", "title", "bio_raw", "is_moderator"]}),
    ]
