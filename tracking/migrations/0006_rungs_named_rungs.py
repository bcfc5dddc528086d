"""Ladder places are rungs: `Prescription.step` and the events' `from_step`/`to_step` renamed
(instructions are the catalogue's Steps). A rename only: no data moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tracking", "0005_guided_rules")]

    operations = [
        migrations.RenameField("prescription", "step", "rung"),
        migrations.RenameField("progressionevent", "from_step", "from_rung"),
        migrations.RenameField("progressionevent", "to_step", "to_rung"),
    ]
