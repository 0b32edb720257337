"""The read API (`/api/v1/`): thin views over the apps' selectors and policies.

Every endpoint is GET only and answers JSON. The figures are `impact.selectors.cached_dashboard`
as the dashboard page gets them; the catalogues are the querysets the pages list, through the
same policies. Anything that names a person stays out, except the caller's own profile.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from algoritmeregister import selectors as register_selectors
from community import permissions as community_permissions
from community.constants import Visibility
from community.models import Prompt
from impact import selectors as impact_selectors
from impact.forms import DashboardFilterForm
from journeys import selectors as journey_selectors
from journeys import permissions as journey_permissions
from journeys.constants import StandardJourneyKind
from journeys.forms import StandardFilterForm
from learning import selectors as learning_selectors
from reisbureau.selectors import municipality_name

from . import figures, permissions
from .models import ApiToken
from .pagination import ByStart
from .serializers import (
    FilterValuesSerializer,
    FiguresSerializer,
    MeSerializer,
    PromptSerializer,
    RegistrationSerializer,
    StandardJourneySerializer,
    TrainingSerializer,
    TrainingSessionSerializer,
    WeekSerializer,
)

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
REFUSALS = {401: ERROR, 403: ERROR, 429: ERROR}
# A list answers 404 to a cursor it did not make.
LIST_REFUSALS = {**REFUSALS, 404: ERROR}
BAD_FILTER = inline_serializer("FilterErrors", {
    "field": serializers.ListField(child=serializers.DictField())})

FIGURE_FILTERS = [
    OpenApiParameter("van", OpenApiTypes.DATE, description="Start of the period (default: a "
                     "year before the end). Between 2000 and next year."),
    OpenApiParameter("tot", OpenApiTypes.DATE, description="End of the period (default: "
                     "today)."),
    OpenApiParameter("afdeling", OpenApiTypes.INT, description="Department id "
                     "(/api/v1/figures/filters/)."),
    OpenApiParameter("functiegroep", OpenApiTypes.INT, description="Function group id."),
    OpenApiParameter("persona", OpenApiTypes.INT, description="Persona id."),
]


def _form_or_400(form: forms.Form) -> dict:
    if form.is_bound and not form.is_valid():
        raise ValidationError(figures.form_errors(form))
    return form.cleaned_data if form.is_bound else {}


def _figure_filters(request) -> impact_selectors.Filters:
    return figures.filters_from(request.query_params)


class ApiRoot(APIView):
    """Where everything is: the endpoints of version 1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **REFUSALS})
    def get(self, request):
        names = ["me", "figures", "figure_weeks", "figure_filters", "standard_journeys",
                 "prompts", "trainings", "training_sessions", "register"]
        return Response({name: reverse(f"api:{name}", request=request) for name in names})


class Me(APIView):
    """The caller: the one person this API names."""

    @extend_schema(responses={200: MeSerializer, **REFUSALS})
    def get(self, request):
        user = request.user
        token = request.auth if isinstance(request.auth, ApiToken) else None

        def ref(obj):
            return None if obj is None else {"id": obj.pk, "name": obj.name}

        return Response(MeSerializer({
            "id": user.pk, "email": user.email, "name": user.display_name,
            "roles": sorted(user.role_names),
            "department": ref(user.department), "function_group": ref(user.function_group),
            "personas": [ref(p) for p in user.personas.order_by("name", "pk")],
            "token": {"name": token.name, "expires_at": token.expires_at.isoformat(),
                      "scope": token.scope} if token else None,
        }).data)


class Figures(APIView):
    """The impact dashboard for a selection: aggregates only, small groups hidden."""

    permission_classes = [permissions.ReadsFigures]

    @extend_schema(parameters=FIGURE_FILTERS,
                   responses={200: FiguresSerializer, 400: OpenApiTypes.OBJECT, **REFUSALS})
    def get(self, request):
        board = impact_selectors.cached_dashboard(_figure_filters(request))
        return Response(FiguresSerializer(figures.board_payload(board)).data)


class FigureWeeks(APIView):
    """Hours saved a week for a selection, as a flat table (Power BI): one call per
    department, function group or persona gives rows that stack. Empty when hidden."""

    permission_classes = [permissions.ReadsFigures]

    @extend_schema(parameters=FIGURE_FILTERS,
                   responses={200: WeekSerializer(many=True), 400: OpenApiTypes.OBJECT,
                              **REFUSALS})
    def get(self, request):
        board = impact_selectors.cached_dashboard(_figure_filters(request))
        return Response(WeekSerializer(figures.weekly_rows(board), many=True).data)


class FigureFilters(APIView):
    """The values the figures can be filtered on (the dashboard's own choices)."""

    permission_classes = [permissions.ReadsFigures]

    @extend_schema(responses={200: FilterValuesSerializer, **REFUSALS})
    def get(self, request):
        fields = DashboardFilterForm().fields

        def refs(name):
            return [{"id": o.pk, "name": o.name} for o in fields[name].queryset.order_by(
                "name", "pk")]

        return Response(FilterValuesSerializer({
            "departments": refs("afdeling"), "function_groups": refs("functiegroep"),
            "personas": refs("persona")}).data)


class StandardJourneys(generics.ListAPIView):
    """Standard journeys and excursions, as on /reizen/standaardreizen/ (agency staff also
    see unpublished ones there, and here)."""

    permission_classes = [permissions.ReadsCatalogues]
    serializer_class = StandardJourneySerializer

    @extend_schema(parameters=[
        OpenApiParameter("soort", str, enum=StandardJourneyKind.values,
                         description="excursion or full journey"),
        OpenApiParameter("persona", OpenApiTypes.INT),
        OpenApiParameter("functiegroep", OpenApiTypes.INT),
    ], responses={200: StandardJourneySerializer(many=True), 400: OpenApiTypes.OBJECT,
                  **LIST_REFUSALS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = _form_or_400(StandardFilterForm(self.request.query_params or None))
        kind = self.request.query_params.get("soort", "")
        if kind and kind not in StandardJourneyKind.values:
            raise ValidationError({"soort": [_("Choose excursion or full.")]})
        qs = journey_selectors.standard_journeys(
            persona_id=getattr(params.get("persona"), "pk", None),
            function_group_id=getattr(params.get("functiegroep"), "pk", None),
            published_only=False)
        qs = journey_permissions.standard_journeys.visible(self.request.user, qs)
        return qs.filter(kind=kind) if kind else qs


class Prompts(generics.ListAPIView):
    """The prompts every employee sees in the library: published, shared with everyone, not
    linked to an excluded task. No author."""

    permission_classes = [permissions.ReadsCatalogues]
    serializer_class = PromptSerializer

    @extend_schema(responses={200: PromptSerializer(many=True), **LIST_REFUSALS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = Prompt.objects.select_related("persona", "function_group").filter(
            is_published=True, visibility=Visibility.EVERYONE)
        return community_permissions.prompts.visible(self.request.user, qs)


class Trainings(generics.ListAPIView):
    """The trainings on offer (each held as sessions), with the persona or standard journey
    they are aimed at. No trainer, no participants."""

    permission_classes = [permissions.ReadsCatalogues]
    serializer_class = TrainingSerializer

    @extend_schema(responses={200: TrainingSerializer(many=True), **LIST_REFUSALS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return learning_selectors.trainings_on_offer()


class TrainingSessions(generics.ListAPIView):
    """Training sessions with seats taken and the waiting list; upcoming, or with
    `voorbij=1` the past ones. No trainer, no participants."""

    permission_classes = [permissions.ReadsCatalogues]
    serializer_class = TrainingSessionSerializer
    pagination_class = ByStart

    @extend_schema(parameters=[OpenApiParameter("voorbij", OpenApiTypes.BOOL)],
                   responses={200: TrainingSessionSerializer(many=True), **LIST_REFUSALS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        past = self.request.query_params.get("voorbij", "").lower() in ("1", "true", "ja")
        return learning_selectors.training_list(self.request.user, upcoming=not past)


class Register(generics.ListAPIView):
    """The published register of AI uses, as /register/ shows it to every employee: only
    published entries, in the Algoritmeregister standard's shape, no person's name."""

    permission_classes = [permissions.SignedIn]
    serializer_class = RegistrationSerializer

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **LIST_REFUSALS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return register_selectors.published()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation": municipality_name()}
