from django.core.management.base import BaseCommand, CommandError

from exercises.catalogue_sync import CatalogueNewerThanCode, catalogue_sync


class Command(BaseCommand):
    help = (
        "Bring the exercise catalogue up to the built-in content and record its version "
        "(safe to run again; rows staff edited in the admin are kept). Part of the release step."
    )

    def handle(self, *args, **options):
        try:
            report = catalogue_sync()
        except CatalogueNewerThanCode as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("The exercise catalogue is up to date."))
