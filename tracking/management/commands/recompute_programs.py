"""`manage.py recompute_programs`: rebuild every running program's prescriptions and ladder
events from its logs and ceilings with the rules of this release.

Run it once after upgrading to the day-based rules (prescriptions built by the old
session-count rules may stand higher than the new ones allow); running it again changes
nothing. Each program is recomputed in its own transaction, through the same service the
admin and the site use.
"""

from django.core.management.base import BaseCommand

from tracking import services
from tracking.models import Program


class Command(BaseCommand):
    help = "Recompute every running program's prescriptions from its logs (idempotent)."

    def handle(self, *args, **options):
        programs = Program.objects.filter(active=True).select_related("user").order_by("pk")
        count = 0
        for program in programs.iterator(chunk_size=500):
            services.program_recompute(program=program)
            count += 1
        self.stdout.write(f"Recomputed {count} program{'s' if count != 1 else ''}.")
