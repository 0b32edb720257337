from django.shortcuts import render

from reisbureau.constants import Role
from reisbureau.permissions import role_required


@role_required(*(Role.MANAGER, Role.AGENCY_STAFF, Role.ADVISER))
def index(request):
    return render(request, "impact/index.html")
