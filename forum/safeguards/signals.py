"""Django admin records its own changes (LogEntry); mirror each into the staff
action log, so admin edits of users, groups and categories are logged too."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save

from .models import StaffAction

FLAGS = {ADDITION: "admin_add", CHANGE: "admin_change", DELETION: "admin_delete"}


def mirror_admin_entry(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    StaffAction.objects.create(
        actor_id=instance.user_id,
        action=FLAGS.get(instance.action_flag, "admin"),
        target_type=instance.content_type.model if instance.content_type_id else "",
        target_id=int(instance.object_id) if str(instance.object_id).isdigit() else 0,
        target_repr=instance.object_repr[:300],
        after={"change": instance.get_change_message()},
        created_at=instance.action_time,
    )


def connect() -> None:
    post_save.connect(mirror_admin_entry, sender=LogEntry, dispatch_uid="staff-log")
