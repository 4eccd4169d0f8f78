# A new member's digest and its hour come from the live settings
# (FORUM_DIGEST_DEFAULT, FORUM_DIGEST_HOUR); nothing changes in the database.

import accounts.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_group_mentionable_by'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='digest_hour',
            field=models.PositiveSmallIntegerField(default=accounts.models.default_digest_hour, help_text='Hour of the day (in your time zone) digests are sent.'),
        ),
        migrations.AlterField(
            model_name='user',
            name='email_digest',
            field=models.CharField(choices=[('never', 'never'), ('daily', 'daily'), ('weekly', 'weekly')], default=accounts.models.default_digest, max_length=8, verbose_name='summary email of popular topics'),
        ),
    ]
