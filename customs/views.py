from django.shortcuts import render

from reisbureau.constants import Role
from reisbureau.permissions import role_required


@role_required(*(Role.OFFICER, Role.ADVISER, Role.AGENCY_STAFF))
def index(request):
    return render(request, "customs/index.html")
