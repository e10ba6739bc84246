"""The portal's pages plus a minimal Django view: the same middleware, nothing else."""

from django.http import HttpResponse
from django.urls import path

from alscare import urls


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *urls.urlpatterns]
for handler in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(urls, handler):
        globals()[handler] = getattr(urls, handler)
