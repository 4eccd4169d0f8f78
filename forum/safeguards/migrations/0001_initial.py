import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """StaffAction moves here from moderation: state only, the table stays."""

    initial = True

    dependencies = [
        ("moderation", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffAction",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(db_index=True, max_length=40)),
                        ("target_type", models.CharField(max_length=20)),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("target_repr", models.CharField(max_length=300)),
                        ("before", models.JSONField(blank=True, default=dict)),
                        ("after", models.JSONField(blank=True, default=dict)),
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("actor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="staff_actions", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "moderation_staffaction",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["target_type", "target_id"], name="action_target")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
