from django.urls import path

from . import views

app_name = "customs"

urlpatterns = [
    path("", views.index, name="index"),
]
