from django.shortcuts import render

from reisbureau.permissions import login_required


@login_required
def index(request):
    return render(request, "community/index.html")
