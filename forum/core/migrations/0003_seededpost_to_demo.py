from django.db import migrations


class Migration(migrations.Migration):
    """SeededPost now belongs to demo (which keeps the table): state only."""

    dependencies = [
        ("core", "0002_initial"),
        ("demo", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SeededPost")],
            database_operations=[],
        ),
    ]
