from django.urls import path

from . import views

app_name = "reisbureau"

urlpatterns = [
    path("", views.capacity, name="capacity"),
    path("start/", views.first_start, name="first_start"),
    path("licenties/", views.licences, name="licences"),
    path("licenties/<int:user_id>/intrekken/", views.licence_release, name="licence_release"),
    path("mensen/", views.people, name="people"),
    path("mensen/importeren/", views.people_import, name="people_import"),
    path("mensen/importeren/<int:pk>/", views.people_import_detail,
         name="people_import_detail"),
    path("mensen/importeren/<int:pk>/toepassen/", views.people_import_apply,
         name="people_import_apply"),
    path("mensen/<int:pk>/", views.person_detail, name="person_detail"),
    path("mensen/<int:pk>/anonimiseren/", views.person_anonymise, name="person_anonymise"),
    path("bezetting/", views.staffing, name="staffing"),
    path("bezetting/<int:pk>/", views.staffing, name="staffing_edit"),
    path("bezetting/<int:pk>/verwijderen/", views.staffing_delete, name="staffing_delete"),
    path("teams/", views.teams_channels, name="teams_channels"),
    path("teams/<int:pk>/", views.teams_channels, name="teams_channel_edit"),
    path("teams/<int:pk>/verwijderen/", views.teams_channel_delete, name="teams_channel_delete"),
    path("teams/berichten/", views.teams_outbox, name="teams_outbox"),
    path("<slug:kind>/", views.catalogue_list, name="catalogue"),
    path("<slug:kind>/nieuw/", views.catalogue_edit, name="catalogue_new"),
    path("<slug:kind>/<int:pk>/", views.catalogue_edit, name="catalogue_edit"),
]
