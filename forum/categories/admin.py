from django.contrib import admin

from .models import Category, CategoryPermission


class CategoryPermissionInline(admin.TabularInline):
    model = CategoryPermission
    extra = 0
    verbose_name = "group permission"
    verbose_name_plural = (
        "group permissions (none: open to everyone; otherwise only these groups)"
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "allow_solutions", "topic_count"]
    list_filter = ["allow_solutions", "parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["topic_count", "post_count"]
    inlines = [CategoryPermissionInline]
