import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """SeededPost moves here from core: state only, the table stays."""

    initial = True

    dependencies = [
        ("core", "0002_initial"),
        ("topics", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SeededPost",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=255, unique=True)),
                        ("digest", models.CharField(max_length=64)),
                        ("post", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="seed_record", to="topics.post")),
                    ],
                    options={"db_table": "core_seededpost"},
                ),
            ],
            database_operations=[],
        ),
    ]
