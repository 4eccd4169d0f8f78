from django.db import migrations


class Migration(migrations.Migration):
    """StaffAction now belongs to safeguards (which keeps the table): state only."""

    dependencies = [
        ("moderation", "0001_initial"),
        ("safeguards", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StaffAction")],
            database_operations=[],
        ),
    ]
