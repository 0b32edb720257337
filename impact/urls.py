from django.urls import path

from . import progress_views, views

app_name = "impact"

urlpatterns = [
    path("", views.index, name="index"),
    path("tijdwinst/", views.savings, name="savings"),
    path("tijdwinst/loggen/", views.saving_log, name="saving_log"),
    path("tijdwinst/<int:pk>/", views.saving_edit, name="saving_edit"),
    path("tijdwinst/reis/<int:journey_pk>/", views.journey_savings, name="journey_savings"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("uitrol/", views.ranking, name="ranking"),
    path("enquetes/", views.surveys, name="surveys"),
    path("enquetes/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("enquetes/<int:pk>/invullen/", views.survey_answer, name="survey_answer"),
    path("interviews/", views.interviews, name="interviews"),
    path("bezwaren/", views.objections, name="objections"),
    path("bezwaren/nieuw/", views.objection_new, name="objection_new"),
    path("bezwaren/<int:pk>/", views.objection_detail, name="objection_detail"),
    path("gebruik/", views.imports, name="imports"),
    path("gebruik/graph/", views.import_graph, name="import_graph"),
    path("gebruik/<int:pk>/", views.import_detail, name="import_detail"),
    path("gebruik/<int:pk>/opnieuw/", views.import_retry, name="import_retry"),
    path("evaluatie/", views.evaluation_report, name="evaluation_report"),
    path("voortgang/", views.governance_report, name="governance_report"),
    path("voortgang/rapportages/", progress_views.progress_reports, name="progress_reports"),
    path("voortgang/rapportages/publiceren/", progress_views.progress_report_publish,
         name="progress_report_publish"),
    path("voortgang/rapportages/<int:pk>/", progress_views.progress_report_detail,
         name="progress_report_detail"),
    path("voortgang/rapportages/<int:pk>/csv/", progress_views.progress_report_csv,
         name="progress_report_csv"),
    path("voortgang/rapportages/<int:pk>/pdf/", progress_views.progress_report_pdf,
         name="progress_report_pdf"),
]
