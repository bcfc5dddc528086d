"""When the floor question was answered. Existing programs were given floor_ok = true without
being asked (0008), so their rows stay empty: "never asked", and the person is asked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracking", "0011_calendar_series")]

    operations = [
        migrations.AddField(
            model_name="program",
            name="floor_answered_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "When they answered the floor question; empty for programs started before "
                    "it was asked, whose floor_ok was assumed and must be asked again."
                ),
                null=True,
            ),
        ),
    ]
