from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from exercises.catalogue import catalogue_load
from exercises.services import catalogue_validate


class Command(BaseCommand):
    help = "Create or update the built-in exercise catalogue (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        config = apps.get_app_config("exercises")
        catalogue_load({model.__name__: model for model in config.get_models()})
        catalogue_validate()
        self.stdout.write(self.style.SUCCESS("The exercise catalogue is loaded."))
