from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("prompts/", views.prompt_list, name="prompts"),
    path("prompts/nieuw/", views.prompt_new, name="prompt_new"),
    path("prompts/exporteren/", views.prompt_export, name="prompt_export"),
    path("prompts/importeren/", views.prompt_import, name="prompt_import"),
    path("prompts/<int:pk>/", views.prompt_detail, name="prompt_detail"),
    path("prompts/<int:pk>/bewerken/", views.prompt_edit, name="prompt_edit"),
    path("prompts/<int:pk>/verbeteren/", views.prompt_improve, name="prompt_improve"),
    path("prompts/<int:pk>/gekopieerd/", views.prompt_copied, name="prompt_copied"),
    path("prompts/<int:pk>/<slug:action>/", views.prompt_action, name="prompt_action"),
    path("prikbord/", views.board, name="board"),
    path("prikbord/nieuw/", views.topic_new, name="topic_new"),
    path("prikbord/meldingen/", views.moderation, name="moderation"),
    path("prikbord/meldingen/<int:pk>/afhandelen/", views.report_dismiss, name="report_dismiss"),
    path("prikbord/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("prikbord/<int:pk>/reageren/", views.topic_reply, name="topic_reply"),
    path("prikbord/<int:pk>/volgen/", views.topic_follow, name="topic_follow"),
    path("prikbord/<int:pk>/accepteren/<int:reply_pk>/", views.topic_accept, name="topic_accept"),
    path("prikbord/<slug:kind>/<int:pk>/melden/", views.post_report, name="post_report"),
    path("prikbord/<slug:kind>/<int:pk>/verbergen/", views.post_hide, name="post_hide"),
    path("tips/", views.tips, name="tips"),
    path("tips/nieuw/", views.tip_edit, name="tip_new"),
    path("tips/voorkeur/", views.tip_preference, name="tip_preference"),
    path("tips/<int:pk>/", views.tip_detail, name="tip_detail"),
    path("tips/<int:pk>/bewerken/", views.tip_edit, name="tip_edit"),
]
