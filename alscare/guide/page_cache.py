"""The public guide's pages, kept whole in the shared cache for people who are not signed in.

Every app server reads and writes the same cache (Redis, or the database's cache table), so
one publication clears the pages everywhere at once. Nothing is deleted: each stored page
carries the guide's *generation*, a token that changes whenever any guide row is written
(the page itself, its sources, its links, the glossary every page links to). A page stored
under an older generation is simply never served again, and expires on its own.

With Redis, each process also keeps the pages it served in its own memory, whole, as the
middleware under `PublicPageMiddleware` finished them, and a Redis channel tells every
process the moment the generation changes. A repeat visit then costs no network round trip
and none of the work of sessions, sign-in, CSRF or URL routing: the middleware answers it
from memory, near the top of the stack, so a cached page is cheaper than the simplest view.
The process reads that channel (without waiting) before every page it serves from memory,
and a publication is announced before its request answers, so a page published through one
server is fresh on every other by the time anyone can ask. If the channel breaks, the
process forgets what it kept and asks Redis again.

A page is served from the cache only to a request that carries no session cookie: such a
request is certainly not signed in and has no messages waiting, so the page is the same for
everyone, and serving it needs nothing from the database. That is also what keeps the guide
readable while the database is away.
"""

import contextlib
import hashlib
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from functools import partial, wraps

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

GENERATION_KEY = "guide:pages:generation"
PAGE_KEY_PREFIX = "guide:pages:page:"
# Browsers may reuse a page this long without asking; after that a conditional GET costs
# a 304. Short, so a corrected page reaches readers within a minute.
BROWSER_MAX_AGE = 60
# A stored page ends on its own after this long, so old generations and rare searches do
# not pile up in the cache.
PAGE_TIMEOUT = 60 * 60 * 6
# Only these headers of the view's response are kept; everything else (security headers,
# CSP, Vary) is added again by the middleware on every request.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag")
# How many pages each process keeps in its own memory (with Redis only), most recent first.
PAGES_IN_MEMORY = 300
# A process serves pages from its memory for this long after Redis last confirmed the
# generation, then asks again: the longest a lost announcement can leave a page stale.
CONFIRM_EVERY = 10
# After a failure to listen to the channel, pages come from Redis for this long before the
# process tries again.
RETRY_LISTENING_AFTER = 30

log = logging.getLogger(__name__)


def pages_changed():
    """From now on every cached guide page is stale, on every server."""
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    # This process needs no message to know.
    _listener.forget_pages()
    _listener.announce()


def _new_generation():
    return (uuid.uuid4().hex, int(time.time()))


def _current_generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First request after the cache was emptied: whoever adds first decides for all.
        if cache.add(GENERATION_KEY, _new_generation(), timeout=None):
            _listener.announce()
        generation = cache.get(GENERATION_KEY)
    return generation


class _Listener:
    """This process's view of the generation, kept current by the Redis channel; and the pages
    it served under that generation. Does nothing unless the cache is Redis.

    Nothing here waits on Redis while a visitor waits for a page that cannot be held: only a
    guide page, on its way out, starts listening (and not again for a while after a failure),
    and serving a held page reads the channel without waiting."""

    def __init__(self):
        self.lock = threading.Lock()
        # Taken without waiting: one thread subscribes while the others carry on without.
        self.subscribing = threading.Lock()
        self.pid = None
        self.pubsub = None
        self.generation = None
        # When Redis last confirmed the generation (time.monotonic()).
        self.confirmed_at = 0.0
        self.retry_at = 0.0
        self.pages = OrderedDict()
        # Counts every time this process forgot the generation: a request that read Redis
        # before a change (seen meanwhile by another thread) must not teach the old one back.
        self.epoch = 0
        # Whether the cache is Redis: settled on first use (tests that change CACHES reset it).
        self.uses_redis = None

    def _channel(self):
        # Channels are shared by every Redis database: name the one the cache lives in.
        return f"{'|'.join(_redis().servers)}|{cache.make_key(GENERATION_KEY)}|changed"

    def _forget_pages(self):
        self.generation = None
        self.pages.clear()
        self.epoch += 1

    def _forget(self):
        if self.pubsub is not None:
            # Already broken, perhaps: there is nothing more to do with it.
            with contextlib.suppress(Exception):
                self.pubsub.close()
        self.pubsub = None
        self._forget_pages()

    def forget_pages(self):
        with self.lock:
            self._forget_pages()

    def held_page(self, address):
        """(The page this process holds for `address` under the current generation, or None;
        the epoch to hand back to `learned` and `keep`, or None when nothing will be kept)."""
        if self.uses_redis is None:
            self.uses_redis = _redis() is not None
        if not self.uses_redis:
            return None, None
        with self.lock:
            if self.pid != os.getpid():
                # A forked process must not share its parent's subscription.
                self.pid = os.getpid()
                self.pubsub = None
                self._forget_pages()
            if self.pubsub is None:
                return None, None
            if address not in self.pages:
                return None, self.epoch
            if time.monotonic() - self.confirmed_at > CONFIRM_EVERY:
                # A lost announcement or a silently dropped subscription must not keep old
                # pages for long: this visit asks Redis for the generation (see `learned`).
                return None, self.epoch
            try:
                changed = False
                while self.pubsub.connection.can_read(timeout=0):
                    if self.pubsub.get_message(timeout=0) is not None:
                        changed = True
            except Exception:  # noqa: BLE001 (any failure: ask Redis, listen again later)
                log.warning("the guide page channel broke; pages are read from Redis", exc_info=True)
                self._forget()
                self.retry_at = time.monotonic() + RETRY_LISTENING_AFTER
                return None, None
            if changed:
                self._forget_pages()
                return None, self.epoch
            self.pages.move_to_end(address)
            return self.pages[address], self.epoch

    def listen(self):
        """Subscribe to the channel, unless this process already does, another thread is
        doing it, or it failed moments ago. Pages are kept only from the next visit, whose
        generation is read after the subscription is confirmed, so no change is missed."""
        if not self.uses_redis or self.pubsub is not None or time.monotonic() < self.retry_at:
            return
        if not self.subscribing.acquire(blocking=False):
            return
        try:
            pubsub = _redis().client(write=False).pubsub()
            pubsub.subscribe(self._channel())
            confirmed = pubsub.get_message(timeout=1)
            if not confirmed or confirmed["type"] != "subscribe":
                pubsub.close()
                raise ConnectionError("no confirmation of the subscription")
            with self.lock:
                self.pid = os.getpid()
                self.pubsub = pubsub
                self._forget_pages()
        except Exception:  # noqa: BLE001 (whatever the client raises: pages come from Redis)
            log.warning("cannot listen for guide changes; pages are read from Redis", exc_info=True)
            self.retry_at = time.monotonic() + RETRY_LISTENING_AFTER
        finally:
            self.subscribing.release()

    def learned(self, generation, epoch):
        """Remember the generation Redis gave, read after listening began, unless the channel
        announced a change since the request that read it began. A generation other than the
        one known means a change this process never heard of: what it holds goes."""
        with self.lock:
            if self.pubsub is None or epoch != self.epoch:
                return
            if self.generation is not None and self.generation[0] != generation[0]:
                self._forget_pages()
            self.generation = generation
            self.confirmed_at = time.monotonic()

    def keep(self, address, page, epoch):
        with self.lock:
            if self.pubsub is None or epoch != self.epoch or self.generation is None:
                return
            if page["generation"] != self.generation[0]:
                return
            self.pages[address] = page
            self.pages.move_to_end(address)
            while len(self.pages) > PAGES_IN_MEMORY:
                self.pages.popitem(last=False)

    def announce(self):
        if _redis() is not None:
            _redis().client(write=True).publish(self._channel(), b"changed")


class _RedisServers:
    """Django's Redis cache's own connections (it offers no public way to reach them)."""

    def __init__(self, backend):
        self.backend = backend
        self.servers = backend._servers

    def client(self, write):
        return self.backend._cache.get_client(write=write)


def _redis():
    backend = caches[DEFAULT_CACHE_ALIAS]
    return _RedisServers(backend) if isinstance(backend, RedisCache) else None


_listener = _Listener()


@receiver(setting_changed, dispatch_uid="guide_pages_cache_changed")
def _cache_settings_changed(setting, **kwargs):
    if setting == "CACHES":
        with _listener.lock:
            _listener._forget()
            _listener.uses_redis = None
            _listener.retry_at = 0.0


def _address(request):
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def _page_key(request):
    return PAGE_KEY_PREFIX + hashlib.sha256(_address(request).encode()).hexdigest()


def _cacheable_request(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that asked for a CSRF token would hand everyone the same one.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "Cache-Control" not in response
    )


def _stored(generation, response):
    """The page as kept: its content and every header it is served with (worked out once)."""
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers["Last-Modified"] = http_date(generation[1])
    headers["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    # The same address is a different, private page for a signed-in person.
    headers["Vary"] = "Cookie"
    return {"generation": generation[0], "headers": headers, "content": response.content}


def _response(request, page, last_modified):
    response = HttpResponse(page["content"], headers=page["headers"])
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
    return response


def public_page(view=None, *, query=()):
    """Serve the view's page from the shared cache to visitors who are not signed in, with
    an ETag and Last-Modified so a repeat visit answers 304 Not Modified.

    `query` names the parameters the page reads from its address. An address with any other
    (a tracking tag, a made-up one) is rendered but not kept: otherwise every new value would
    add a page to the cache, which also holds the login limits."""
    if view is None:
        return partial(public_page, query=query)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _cacheable_request(request) or any(name not in query for name in request.GET):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = _current_generation(found)
        except Exception:  # noqa: BLE001 (whatever the cache's client raises)
            # The guide stays readable without its cache, only slower.
            log.warning("the shared cache is unreachable: guide pages are rendered without it")
            return view(request, *args, **kwargs)
        entry = found.get(key)
        if entry is None or entry["generation"] != generation[0]:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if not _cacheable_response(request, response):
                return response
            entry = _stored(generation, response)
            with contextlib.suppress(Exception):
                cache.set(key, entry, timeout=PAGE_TIMEOUT)
        response = _response(request, entry, last_modified=generation[1])
        if response.status_code == 200:
            # For PublicPageMiddleware: this page may be kept whole in the process's memory.
            response.public_page_generation = generation
        return response

    return cached_view


class PublicPageMiddleware:
    """Answers a visitor who is not signed in with a guide page this process already holds,
    before sessions, sign-in, CSRF, messages or URL routing run; on the way out, holds every
    page `public_page` served whole (with the headers the middleware under this one added),
    so the next visit gets the same bytes and headers the full stack would give.

    Belongs right after SecurityMiddleware and WhiteNoise, which still run on every answer.
    Holds nothing unless the cache is Redis (see the module's docstring). The headers the
    middleware under it adds are replayed as they were, so they must be the same for every
    visitor without a session: a CSP nonce, for one, would have to be added above it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        address = _address(request)
        page, epoch = _listener.held_page(address)
        if page is not None:
            return _response(request, page, last_modified=page["last_modified"])
        response = self.get_response(request)
        generation = getattr(response, "public_page_generation", None)
        if generation is not None and epoch is None:
            _listener.listen()
        elif (
            epoch is not None
            and generation is not None
            and response.status_code == 200
            and not response.cookies
        ):
            _listener.learned(generation, epoch)
            held = {
                "generation": generation[0],
                "last_modified": generation[1],
                "headers": dict(response.items()),
                "content": response.content,
            }
            _listener.keep(address, held, epoch)
        return response


@receiver(post_save, dispatch_uid="guide_pages_changed_on_save")
@receiver(post_delete, dispatch_uid="guide_pages_changed_on_delete")
@receiver(m2m_changed, dispatch_uid="guide_pages_changed_on_links")
def _guide_written(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Any write to a guide row (a load, an admin save, a publication, a revert, a delete)
    makes every cached page stale once its transaction commits; never before, so a page
    rendered in between is not kept under the new generation, and never for writes rolled
    back (a preview)."""
    if sender._meta.app_label != "guide":
        return
    connection = transaction.get_connection(using)
    # One change of generation per transaction, however many rows a load writes.
    if any(callback is pages_changed for _, callback, _ in connection.run_on_commit):
        return
    # Robust: a cache that cannot be reached is logged, and never undoes or fails the save.
    transaction.on_commit(pages_changed, using=using, robust=True)
