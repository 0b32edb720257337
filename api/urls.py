"""`/api/`: version 1 of the read API, its OpenAPI schema and its documentation."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from reisbureau.permissions import council_may_view, login_required

from . import views

app_name = "api"


def _api(view):
    # The API's own permission classes decide, for council-only accounts too (a token reaches
    # the view without the middleware knowing the user): let them through to those checks.
    return council_may_view(view)


urlpatterns = [
    path("v1/", _api(views.ApiRoot.as_view()), name="root"),
    path("v1/me/", _api(views.Me.as_view()), name="me"),
    path("v1/figures/", _api(views.Figures.as_view()), name="figures"),
    path("v1/figures/weeks/", _api(views.FigureWeeks.as_view()), name="figure_weeks"),
    path("v1/figures/filters/", _api(views.FigureFilters.as_view()), name="figure_filters"),
    path("v1/standard-journeys/", _api(views.StandardJourneys.as_view()),
         name="standard_journeys"),
    path("v1/prompts/", _api(views.Prompts.as_view()), name="prompts"),
    path("v1/trainings/", _api(views.Trainings.as_view()), name="trainings"),
    path("v1/training-sessions/", _api(views.TrainingSessions.as_view()),
         name="training_sessions"),
    path("v1/register/", _api(views.Register.as_view()), name="register"),
    path("schema/", _api(SpectacularAPIView.as_view()), name="schema"),
    # The browser page: a sign-in first (a redirect), then Swagger UI from our own static files.
    path("docs/", _api(login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))),
         name="docs"),
]
