from django.contrib import admin
from django.urls import include, path

from api import token_views as api_token_views
from portal import views as portal_views
from reisbureau import health, views

admin.site.site_header = "Reisbureau – beheer"
admin.site.site_title = "Reisbureau"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("licentie/aanvragen/", views.licence_request, name="licence_request"),
    path("licentie/wachtlijst-verlaten/", views.licence_waitlist_leave,
         name="licence_waitlist_leave"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/gelezen/", views.notifications_mark_read, name="notifications_mark_read"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/agenda/", views.calendar_feed, name="calendar_feed"),
    path("mijn-gegevens/agenda/nieuwe-link/", views.calendar_feed_renew,
         name="calendar_feed_renew"),
    path("agenda/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed_ics"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reizen/", include("journeys.urls")),
    path("douane/", include("customs.urls")),
    # The published register (/register/) and its publication in the customs section.
    path("", include("algoritmeregister.urls")),
    path("community/", include("community.urls")),
    path("community/", include("learning.urls")),
    path("impact/", include("impact.urls")),
    path("reisbureau/", include("reisbureau.agency_urls")),
    path("api/", include("api.urls")),
    path("api-sleutels/", api_token_views.tokens, name="api_tokens"),
    path("api-sleutels/<int:pk>/intrekken/", api_token_views.token_revoke,
         name="api_token_revoke"),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
]

handler403 = "reisbureau.errors.permission_denied"
handler404 = "reisbureau.errors.page_not_found"
handler500 = "reisbureau.errors.server_error"
