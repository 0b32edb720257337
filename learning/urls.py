from django.urls import path

from . import views

app_name = "learning"

# Under /community/ (reisbureau/urls.py), as before the learning app had its own room.
urlpatterns = [
    path("trainingen/", views.training_list, name="trainings"),
    path("trainingen/nieuw/", views.training_new, name="training_new"),
    path("trainingen/agenda.ics", views.training_calendar, name="training_calendar"),
    path("trainingen/register/", views.literacy_register, name="literacy_register"),
    path("trainingen/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainingen/<int:pk>/aanmelden/", views.training_register,
         name="training_register"),
    path("trainingen/<int:pk>/afmelden/", views.training_cancel,
         name="training_cancel"),
    path("trainingen/<int:pk>/aanwezigheid/", views.training_attendance,
         name="training_attendance"),
    path("promptathons/", views.promptathon_list, name="promptathons"),
    path("promptathons/nieuw/", views.promptathon_new, name="promptathon_new"),
    path("promptathons/<int:pk>/", views.promptathon_detail,
         name="promptathon_detail"),
    path("promptathons/<int:pk>/team/", views.team_create, name="team_create"),
    path("promptathons/<int:pk>/winnaars/", views.winners_publish,
         name="winners_publish"),
    path("promptathons/teams/<int:pk>/aansluiten/", views.team_join, name="team_join"),
    path("promptathons/uitdagingen/<int:pk>/inzenden/", views.submission_save,
         name="submission_save"),
    path("promptathons/inzendingen/<int:pk>/stemmen/", views.vote_cast,
         name="vote_cast"),
    path("key-users/", views.key_users, name="key_users"),
    path("key-users/benoemen/", views.key_user_appoint, name="key_user_appoint"),
    path("key-users/<int:pk>/ontslaan/", views.key_user_dismiss,
         name="key_user_dismiss"),
    path("toolkit/", views.toolkit, name="toolkit"),
    path("toolkit/nieuw/", views.toolkit_page_edit, name="toolkit_new"),
    path("toolkit/pakket/exporteren/", views.pack_export, name="pack_export"),
    path("toolkit/pakket/importeren/", views.pack_import, name="pack_import"),
    path("toolkit/<int:pk>/", views.toolkit_page, name="toolkit_page"),
    path("toolkit/<int:pk>/bewerken/", views.toolkit_page_edit, name="toolkit_edit"),
]
