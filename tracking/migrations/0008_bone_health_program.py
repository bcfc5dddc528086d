"""The bone-health program questions: the fracture question asks about the spine at any time
(renamed, its answers kept), whether the floor is safe, and the physiotherapist's go-ahead."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracking", "0007_link_uses")]

    operations = [
        migrations.RenameField("program", "recent_fracture", "spinal_fracture"),
        migrations.AlterField(
            model_name="program",
            name="spinal_fracture",
            field=models.BooleanField(
                help_text=(
                    "They have had a fracture in the spine at any time: no floor work and no "
                    "band above the lightest until a physiotherapist says yes."
                )
            ),
        ),
        # Programs started before the question was asked kept the floor exercises they had:
        # they stay (True) until the person answers otherwise in their settings.
        migrations.AddField(
            model_name="program",
            name="floor_ok",
            field=models.BooleanField(
                default=True,
                help_text="They can get down to the floor and up again safely on their own.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="program",
            name="physio_cleared_on",
            field=models.DateField(
                blank=True,
                null=True,
                help_text=(
                    "The local date they recorded that their physiotherapist said yes to floor "
                    "exercises and stronger bands; empty when not said (or taken back)."
                ),
            ),
        ),
    ]
