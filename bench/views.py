"""A minimal logged-in view: the floor every measured page is compared with (session, user, response)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def ping(request):
    return HttpResponse("ok", content_type="text/plain")
