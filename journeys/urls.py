from django.urls import path

from . import measures_views, task_test_views, views

app_name = "journeys"

urlpatterns = [
    path("", views.index, name="index"),
    path("tijdvreters/", views.inventory, name="inventory"),
    path("tijdvreters/workshop/", views.inventory_workshop, name="workshop"),
    path("tijdvreters/<int:pk>/omzetten/", views.inventory_convert, name="inventory_convert"),
    path("planning/", views.planning, name="planning"),
    path("nieuw/", views.journey_new, name="new"),
    path("aanvragen/", views.journey_request, name="request"),
    path("verzoeken/", views.requests_queue, name="requests"),
    path("verzoeken/<int:pk>/afgehandeld/", views.request_handle, name="request_handle"),
    path("standaardreizen/", views.standard_list, name="standard_list"),
    path("standaardreizen/nieuw/", views.standard_edit, name="standard_new"),
    path("standaardreizen/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standaardreizen/<int:pk>/bewerken/", views.standard_edit, name="standard_edit"),
    path("standaardreizen/<int:pk>/starten/", views.standard_start, name="standard_start"),
    path("standaardreizen/<int:pk>/douanepaspoort/", views.standard_passport,
         name="standard_passport"),
    path("verslagen/", views.report_list, name="reports"),
    path("verslagen/<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/", views.journey_detail, name="detail"),
    path("<int:pk>/bewerken/", views.journey_edit, name="edit"),
    path("<int:pk>/reizigers/", views.journey_add_traveller, name="add_traveller"),
    path("<int:pk>/aansluiten/", views.journey_join, name="join"),
    path("<int:pk>/verlaten/", views.journey_leave, name="leave"),
    path("<int:pk>/actie/<slug:action>/", views.journey_action, name="action"),
    path("<int:pk>/taken/", views.task_add, name="task_add"),
    path("<int:pk>/taken/<int:task_pk>/bewerken/", views.task_edit, name="task_edit"),
    path("<int:pk>/taken/<int:task_pk>/test/", task_test_views.task_test, name="task_test"),
    path("<int:pk>/taken/<int:task_pk>/maatregelen-gelezen/", measures_views.task_acknowledge_measures,
         name="task_acknowledge"),
    path("<int:pk>/taken/<int:task_pk>/<slug:action>/", views.task_action, name="task_action"),
    path("<int:pk>/evaluatie/", views.evaluation, name="evaluation"),
    path("<int:pk>/verslag/", views.report_write, name="report_write"),
]
