from django.urls import path

from . import views

app_name = "customs"

urlpatterns = [
    path("", views.index, name="index"),
    path("taken/<int:task_pk>/indienen/", views.submit_task, name="submit_task"),
    path("taken/<int:task_pk>/", views.task_history, name="task_history"),
    path("taken/<int:task_pk>/opnieuw-testen/", views.retest_reopen, name="retest_reopen"),
    path("zittingen/", views.session_list, name="sessions"),
    path("zittingen/volgende/", views.session_next, name="session_next"),
    path("zittingen/plannen/", views.session_plan, name="session_plan"),
    path("zittingen/agenda.ics", views.sessions_ics, name="sessions_ics"),
    path("zittingen/<int:pk>/", views.session_detail, name="session_detail"),
    path("inzendingen/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("inzendingen/<int:pk>/besluit/", views.decide, name="decide"),
    path("inzendingen/<int:pk>/besluitformulier/", views.decide_form, name="decide_form"),
    path("beoordelingen/<int:pk>/", views.assessment, name="assessment"),
    path("voorstellen/<int:pk>/bevestigen/", views.proposal_confirm, name="proposal_confirm"),
    path("voorstellen/<int:pk>/bezwaar/", views.proposal_object, name="proposal_object"),
    path("maatregelen/", views.measure_list, name="measures"),
    path("maatregelen/nieuw/", views.measure_edit, name="measure_new"),
    path("maatregelen/<int:pk>/", views.measure_edit, name="measure_edit"),
    path("uitsluitingen/", views.rule_list, name="rules"),
    path("uitsluitingen/nieuw/", views.rule_edit, name="rule_new"),
    path("uitsluitingen/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("hulpmiddelen/", views.tool_changes, name="tool_changes"),
    path("audittrail/", views.audit, name="audit"),
    path("register/", views.register, name="register"),
    path("register/algoritmeregister.<str:fmt>", views.register_export,
         name="register_export"),
]
