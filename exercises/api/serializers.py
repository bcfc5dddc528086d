from rest_framework import serializers

from exercises.models import AvoidedMovement, Exercise, LadderRung


class DoseSerializer(serializers.Serializer):
    reps_min = serializers.IntegerField()
    reps_max = serializers.IntegerField()
    reps_per_side = serializers.BooleanField()
    hold_seconds = serializers.IntegerField(allow_null=True)
    sets = serializers.IntegerField()
    text = serializers.CharField(source="dose_text")


class CadenceSerializer(serializers.Serializer):
    sessions_per_day_start = serializers.IntegerField()
    sessions_per_day_max = serializers.IntegerField()
    days_per_week_min = serializers.IntegerField()
    days_per_week_max = serializers.IntegerField()
    text = serializers.CharField(source="cadence_text")


class RungSerializer(serializers.ModelSerializer):
    rung = serializers.IntegerField(source="position")
    band = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = LadderRung
        fields = ["rung", "sets", "reps", "hold_seconds", "sessions_per_day", "band"]


class ExerciseSerializer(serializers.ModelSerializer):
    dose = DoseSerializer(source="*")
    cadence = CadenceSerializer(source="*")
    ladder = RungSerializer(source="rungs", many=True)
    movements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    steps = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    cues = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:exercise-detail", lookup_field="slug")

    class Meta:
        model = Exercise
        fields = [
            "slug",
            "url",
            "name",
            "kind",
            "equipment",
            "recommended",
            "summary",
            "purpose",
            "starting_position",
            "dose",
            "cadence",
            "ladder",
            "progression_note",
            "movements",
            "steps",
            "cues",
        ]
        read_only_fields = fields


class AvoidedMovementSerializer(serializers.ModelSerializer):
    examples = serializers.ListField(child=serializers.CharField(), source="example_list")
    movements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = AvoidedMovement
        fields = ["slug", "name", "reason", "examples", "advice", "caution_only", "movements"]
        read_only_fields = fields
