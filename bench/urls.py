"""The portal's URLs plus the benchmark's floor view (only with portal.settings.bench)."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/vloer/", views.floor, name="bench_floor"),
    path("bench/leeg/", views.empty, name="bench_empty"),
    path("", include("portal.urls")),
]

handler403 = "reisbureau.errors.permission_denied"
handler404 = "reisbureau.errors.page_not_found"
handler500 = "reisbureau.errors.server_error"
