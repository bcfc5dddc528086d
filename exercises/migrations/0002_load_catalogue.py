from django.db import migrations

from exercises.catalogue import catalogue_load

MODELS = [
    "Band",
    "Movement",
    "AvoidedMovement",
    "Exercise",
    "Step",
    "SafetyCue",
    "LadderRung",
    "ProgressionPolicy",
]


def load(apps, schema_editor):
    catalogue_load({name: apps.get_model("exercises", name) for name in MODELS})


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_catalogue_models")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
