"""The server error page (``handler500``): what the user sees of an HTTP 500, with the id to quote.

It renders ``templates/500.html`` on its own, without the request's context processors: the error may come
from the database or from the code they run. The traceback is in the log (``django.request``, on stderr),
under the same request id (dnqp/core/request_id.py, docs/OPERATIONS.md "Server errors").
"""

from django.http import HttpResponseServerError
from django.template import loader

from dnqp.core.request_id import request_id_of


def server_error(request, template_name="500.html"):
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"request_id": request_id_of(request)}))
