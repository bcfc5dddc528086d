"""`GET /api/v1/week/`: the bone-health week, this ISO week and the ones before it, measured
against the guidance (strength days against the program's cadence and the guidelines' two,
balance days, daily posture). The rule is `tracking.schedule.bone_health_weeks`."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from osteofit.transactions import ServicesOwnTransactions
from tracking import schedule, selectors


class BoneWeekQuerySerializer(serializers.Serializer):
    weeks = serializers.IntegerField(
        min_value=1,
        max_value=schedule.BONE_WEEKS_MAX,
        default=1,
        help_text=f"How many ISO weeks, this one included: 1 (the default) to "
        f"{schedule.BONE_WEEKS_MAX}. None before the week your program started.",
    )


class BoneDaysSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text="Days this week with this kind of exercise done.")
    target = serializers.IntegerField()
    met = serializers.BooleanField()


class BoneStrengthDaysSerializer(BoneDaysSerializer):
    target = serializers.IntegerField(
        help_text="Your program's cadence: three or four days a week."
    )
    guideline = serializers.IntegerField(help_text="The guidelines' minimum: two days a week.")
    guideline_met = serializers.BooleanField()


class BonePostureDaysSerializer(BoneDaysSerializer):
    target = serializers.IntegerField(
        help_text="Every day: the days of this week in your program so far."
    )


class BoneWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="The Monday of the ISO week.")
    iso_year = serializers.IntegerField()
    iso_week = serializers.IntegerField(help_text="1-53, as ISO 8601 numbers weeks.")
    strength = BoneStrengthDaysSerializer()
    balance = BoneDaysSerializer(help_text="Balance days; the guidelines ask for at least two.")
    posture = BonePostureDaysSerializer()


class BoneHealthWeekSerializer(serializers.Serializer):
    what_counts = serializers.CharField(help_text="What counts as each kind of day, in words.")
    weeks = BoneWeekSerializer(many=True, help_text="This week first, then the ones before.")


def _week(week: schedule.BoneWeek) -> dict:
    return {
        "week_start": week.start,
        "iso_year": week.iso_year,
        "iso_week": week.iso_week,
        "strength": {
            "days": week.strength_days,
            "target": week.strength_target,
            "met": week.strength_met,
            "guideline": week.strength_guideline,
            "guideline_met": week.strength_guideline_met,
        },
        "balance": {
            "days": week.balance_days,
            "target": week.balance_target,
            "met": week.balance_met,
        },
        "posture": {
            "days": week.posture_days,
            "target": week.posture_target,
            "met": week.posture_met,
        },
    }


class WeekView(ServicesOwnTransactions, APIView):
    """Your bone-health week: strength, balance and posture days, this week and before."""

    @extend_schema(
        parameters=[BoneWeekQuerySerializer],
        responses=BoneHealthWeekSerializer,
    )
    def get(self, request):
        query = BoneWeekQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        program = selectors.program_active(request.user)
        if program is None:
            raise Http404("You have not started a program yet.")
        weeks = selectors.bone_health_weeks(program, weeks=query.validated_data["weeks"])
        return Response(
            BoneHealthWeekSerializer(
                {"what_counts": schedule.WHAT_COUNTS, "weeks": [_week(w) for w in weeks]}
            ).data
        )
