"""Deploy checks for what Django's own `check --deploy` does not know about this portal."""

from django.conf import settings
from django.core import checks

# Caches that each process (or machine) keeps for itself: rate limits counted there are
# counted once per app server, so a guesser gets that many times the allowed tries.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                f"The default cache ({backend}) is kept per process: login and password-reset "
                "limits would be counted separately by every app server.",
                hint="Set REDIS_URL, or leave it unset with DEBUG=0 to use the database cache "
                "(run `manage.py createcachetable`).",
                id="alscare.E001",
            )
        ]
    return []
