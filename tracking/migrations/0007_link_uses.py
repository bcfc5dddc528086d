from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0006_rungs_named_rungs"),
    ]

    operations = [
        migrations.CreateModel(
            name="LinkUse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "nonce",
                    models.CharField(
                        help_text="The random part of the link.", max_length=32, unique=True
                    ),
                ),
                ("used_at", models.DateTimeField(auto_now_add=True)),
                (
                    "expires_at",
                    models.DateTimeField(
                        db_index=True,
                        help_text="When the link stops working anyway; the row can go then.",
                    ),
                ),
            ],
        ),
    ]
