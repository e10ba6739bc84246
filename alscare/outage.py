"""While the database is away, people get a calm "back in a moment" page, never an error.

Django hands every exception a view or a middleware raises to `handler500` (and a few, such
as a session it could not save, to `handler400`). A lost database connection is not a fault
in the portal but an outage that passes, so both answer 503 with Retry-After instead. The
page is rendered without the request: the signed-in user and the messages both live in the
session, which lives in the database that is away. Connection health checks
(CONN_HEALTH_CHECKS) then reconnect on the first request after it returns, with no restart.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

DATABASE_AWAY = (OperationalError, InterfaceError)

# A hint to browsers and proxies; an outage that ends sooner is noticed on the next request.
RETRY_AFTER_SECONDS = 30


def service_unavailable():
    """The 503 page, built from nothing but templates and static file names."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def caused_by_database_away(error):
    """Whether `error`, or an error it was raised from or while handling, is a lost database."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_AWAY):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """handler500: the 503 page while the database is away, Django's 500 page otherwise."""
    if caused_by_database_away(sys.exc_info()[1]):
        return service_unavailable()
    return defaults.server_error(request)


def bad_request(request, exception):
    """handler400: the 503 page while the database is away, Django's 400 page otherwise.

    Django's session store reports any database error while saving a session as "the
    session was deleted" (SessionInterrupted, a 400): when the database stops between reading
    a session and writing it back, that 400 is really the outage.
    """
    if caused_by_database_away(exception):
        return service_unavailable()
    return defaults.bad_request(request, exception)
