"""What the API shows of each thing: nothing that names a person, except the caller's own
profile (`MeSerializer`). Prompts have no author, training sessions no trainer."""

from rest_framework import serializers

from algoritmeregister import exports as register_exports

from community.models import Prompt
from journeys.models import StandardJourney, StandardTask
from learning.models import Training, TrainingSession


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    department = RefSerializer(allow_null=True)
    function_group = RefSerializer(allow_null=True)
    personas = RefSerializer(many=True)
    token = serializers.DictField(allow_null=True, help_text="The token this call used, if any.")


# --- Figures -------------------------------------------------------------------------------

class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    weeks = serializers.IntegerField()


class ReadinessSerializer(serializers.Serializer):
    licences_total = serializers.IntegerField(allow_null=True)
    licences_used = serializers.IntegerField()
    trained = serializers.CharField(allow_null=True)


class AdoptionSerializer(serializers.Serializer):
    active = serializers.IntegerField(help_text="Employees with an AI action in the last 28 days.")
    population = serializers.IntegerField()
    journeys = serializers.DictField(child=serializers.IntegerField())
    tasks = serializers.DictField(child=serializers.IntegerField())


class ImpactSerializer(serializers.Serializer):
    minutes = serializers.IntegerField()
    hours_total = serializers.FloatField()
    hours_per_week = serializers.FloatField()
    hours_per_week_recent = serializers.FloatField()
    recent_weeks = serializers.IntegerField()
    tasks_adopted = serializers.IntegerField()
    value = serializers.IntegerField(help_text="EUR")
    cost = serializers.IntegerField(help_text="EUR")
    roi_percent = serializers.IntegerField(allow_null=True)


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="Monday of the week.")
    hours = serializers.FloatField()
    department = serializers.CharField(allow_null=True)
    function_group = serializers.CharField(allow_null=True)
    persona = serializers.CharField(allow_null=True)


class MonthSerializer(serializers.Serializer):
    month = serializers.DateField()
    active_usage = serializers.IntegerField()
    active_logging = serializers.IntegerField()


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    hidden = serializers.BooleanField(help_text="Fewer employees than the minimum group size.")
    too_few_contributors = serializers.BooleanField()
    hours = serializers.FloatField(allow_null=True)
    hours_per_week = serializers.FloatField(allow_null=True)
    minutes_per_traveller_week = serializers.IntegerField(allow_null=True)


class StatementSerializer(serializers.Serializer):
    text = serializers.CharField()
    average = serializers.FloatField()
    agree_percent = serializers.IntegerField()
    responses = serializers.IntegerField()


class SentimentSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    hidden = serializers.BooleanField()
    invitations_sent = serializers.IntegerField()
    invitations_answered = serializers.IntegerField()
    statements = StatementSerializer(many=True)


class ObjectionsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())


class FiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    department = RefSerializer(allow_null=True)
    function_group = RefSerializer(allow_null=True)
    persona = RefSerializer(allow_null=True)
    population = serializers.IntegerField()
    hidden = serializers.BooleanField(
        help_text="The selection has fewer employees than min_group_size: no figures.")
    min_group_size = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    readiness = ReadinessSerializer(allow_null=True)
    adoption = AdoptionSerializer(allow_null=True)
    impact = ImpactSerializer(allow_null=True)
    sentiment = SentimentSerializer(allow_null=True)
    weeks = WeekSerializer(many=True)
    months = MonthSerializer(many=True)
    function_groups = GroupSerializer(many=True)
    objections = ObjectionsSerializer()


class FilterValuesSerializer(serializers.Serializer):
    departments = RefSerializer(many=True)
    function_groups = RefSerializer(many=True)
    personas = RefSerializer(many=True)


# --- Catalogues ----------------------------------------------------------------------------

def _absolute_url(serializer, obj) -> str:
    request = serializer.context.get("request")
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request else url


class StandardTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardTask
        fields = ["order", "work_task", "approach", "tool", "prompts", "expected_minutes_saved"]


class StandardJourneySerializer(serializers.ModelSerializer):
    personas = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    function_groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    tasks = StandardTaskSerializer(many=True, read_only=True)
    open_journeys = serializers.IntegerField(source="open_count", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = StandardJourney
        fields = ["id", "title", "description", "kind", "personas", "function_groups", "tasks",
                  "open_journeys", "url"]

    def get_url(self, obj) -> str:
        return _absolute_url(self, obj)


class PromptSerializer(serializers.ModelSerializer):
    persona = serializers.SlugRelatedField(read_only=True, allow_null=True, slug_field="name")
    function_group = serializers.SlugRelatedField(read_only=True, allow_null=True,
                                                  slug_field="name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Prompt
        fields = ["id", "title", "text", "task_kind", "tool", "persona", "function_group",
                  "version", "useful_count", "copy_count", "created_at", "updated_at", "url"]

    def get_url(self, obj) -> str:
        return _absolute_url(self, obj)


class TrainingSessionSerializer(serializers.ModelSerializer):
    seats_taken = serializers.IntegerField(source="taken", read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = ["id", "title", "kind", "tool", "description", "starts_at", "ends_at",
                  "location", "seats", "seats_taken", "waiting", "training", "url"]

    def get_url(self, obj) -> str:
        return _absolute_url(self, obj)


class TrainingSerializer(serializers.ModelSerializer):
    """A training on offer, held again and again as sessions (`/api/v1/training-sessions/`);
    it may be aimed at a persona or a standard journey."""

    persona = RefSerializer(allow_null=True, read_only=True)
    standard_journey = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "title", "kind", "tool", "description", "persona", "standard_journey",
                  "session_count"]


class RegistrationSerializer(serializers.BaseSerializer):
    """A published register entry in the Algoritmeregister standard's shape: the standard's
    own field names as keys, exactly as `/register/?formaat=json` gives it."""

    def to_representation(self, instance):
        return register_exports.registration_published(instance, self.context["organisation"])
