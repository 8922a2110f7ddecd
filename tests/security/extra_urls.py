"""The URLconf with one URL more, which has no row in the matrix: the matrix must name it."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site


def unguarded(request):
    return HttpResponse("anyone")


extra = ([path("unguarded/", unguarded, name="unguarded")], "portal")

urlpatterns = [path("portal/", include(extra)), *site]
