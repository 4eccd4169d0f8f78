# Effectively-once email: a state and a Message-ID per PostEmail and Digest.

import django.utils.timezone
from django.db import migrations, models


def sent_rows_keep_their_time(apps, schema_editor):
    """Rows written before this migration were sent (at most once) when written."""
    PostEmail = apps.get_model("subscriptions", "PostEmail")
    PostEmail.objects.update(
        created_at=models.F("sent_at"),
        due_at=models.F("sent_at"),
        claimed_at=models.F("sent_at"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0004_moderation_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="postemail",
            name="kind",
            field=models.CharField(blank=True, default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="postemail",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                ],
                default="sent",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="postemail",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                ],
                default="pending",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="postemail",
            name="message_id",
            field=models.CharField(default="", max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="postemail",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="postemail",
            name="due_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="postemail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="postemail",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="postemail",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="postemail",
            name="requeued",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Times beat queued it again (each wait twice longer).",
            ),
        ),
        migrations.AlterField(
            model_name="postemail",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(sent_rows_keep_their_time, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="postemail",
            index=models.Index(
                condition=models.Q(("status", "sent"), _negated=True),
                fields=["due_at"],
                name="post_email_unsent",
            ),
        ),
        migrations.AddField(
            model_name="digest",
            name="message_id",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="digest",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
