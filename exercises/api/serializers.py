from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exercises import selectors
from exercises.models import AvoidedMovement, Exercise, FloorGuide, LadderRung, Picture


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


class PictureSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The SVG image; its address changes whenever the picture does."
    )

    class Meta:
        model = Picture
        fields = ["url", "label", "alt"]
        read_only_fields = fields

    def get_url(self, picture: Picture) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(picture.url) if request else picture.url


class FloorGuideSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField(help_text="The guide's page on the site.")
    steps = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    pictures = PictureSerializer(many=True, read_only=True)

    class Meta:
        model = FloorGuide
        fields = ["slug", "name", "summary", "safety_note", "steps", "pictures", "page"]
        read_only_fields = fields

    def get_page(self, guide: FloorGuide) -> str:
        request = self.context.get("request")
        url = guide.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ExerciseSerializer(serializers.ModelSerializer):
    dose = DoseSerializer(source="*")
    cadence = CadenceSerializer(source="*")
    ladder = RungSerializer(source="rungs", many=True)
    movements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    steps = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    cues = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:exercise-detail", lookup_field="slug")
    pictures = PictureSerializer(many=True, read_only=True)
    floor_alternative = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For a floor exercise: the slug of the standing exercise done instead by "
        "someone who cannot get down to the floor and up again safely.",
    )
    replaces = serializers.SerializerMethodField(
        help_text="For a standing alternative: the slug of the floor exercise it takes the "
        "place of (it is never prescribed beside it); null otherwise."
    )
    floor_guides = serializers.SerializerMethodField(
        help_text="For a floor exercise: how to get down to the floor and up again safely."
    )

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
            "source",
            "on_floor",
            "floor_alternative",
            "replaces",
            "floor_guides",
            "pictures",
        ]
        read_only_fields = fields

    def get_replaces(self, exercise: Exercise) -> str | None:
        replaced = list(exercise.floor_alternative_for.all())
        return replaced[0].slug if replaced else None

    @extend_schema_field(FloorGuideSerializer(many=True))
    def get_floor_guides(self, exercise: Exercise) -> list[dict]:
        if not exercise.on_floor:
            return []
        # The same two guides for every floor exercise: read once per request.
        if "floor_guides" not in self.context:
            guides = list(selectors.floor_guides())
            self.context["floor_guides"] = FloorGuideSerializer(
                guides, many=True, context=self.context
            ).data
        return self.context["floor_guides"]


class AvoidedMovementSerializer(serializers.ModelSerializer):
    examples = serializers.ListField(child=serializers.CharField(), source="example_list")
    movements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = AvoidedMovement
        fields = ["slug", "name", "reason", "examples", "advice", "caution_only", "movements"]
        read_only_fields = fields
