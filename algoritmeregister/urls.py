"""Included at the root by the portal: the published register at /register/, its management in
the customs section (/douane/algoritmeregister/)."""

from django.urls import path

from . import views

app_name = "algoritmeregister"

urlpatterns = [
    path("register/", views.index, name="index"),
    path("register/<int:pk>/", views.detail, name="detail"),
    path("douane/algoritmeregister/", views.manage, name="manage"),
    path("douane/algoritmeregister/ophalen/", views.create_missing, name="create_missing"),
    path("douane/algoritmeregister/<int:pk>/", views.edit, name="edit"),
    path("douane/algoritmeregister/<int:pk>/<slug:action>/", views.transition,
         name="transition"),
]
