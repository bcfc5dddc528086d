"""`manage.py compose_programs`: make every running program hold what its answers allow with
this release's catalogue (`tracking.composition`).

The release step runs it after `catalogue_sync`: exercises new to the catalogue (the guideline
balance, leg-strength and posture exercises) join existing programs at their first rung, and
programs started before the floor and fracture questions follow their stored answers (after a
spinal fracture: standing exercises and the lightest band until a physiotherapist's yes).
Running it again changes nothing. Each program goes through the same service the settings
page uses, in its own transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from tracking import services
from tracking.models import Program


class Command(BaseCommand):
    help = "Compose every running program from its answers and the catalogue (idempotent)."

    def handle(self, *args, **options):
        programs = Program.objects.filter(active=True).select_related("user").order_by("pk")
        count = 0
        for program in programs.iterator(chunk_size=500):
            with transaction.atomic():
                locked = Program.objects.select_for_update().get(pk=program.pk)
                services.program_compose(program=locked)
            count += 1
        self.stdout.write(f"Composed {count} program{'s' if count != 1 else ''}.")
