"""Headers that keep a signed-in person's pages to their own browser."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

# Logging out wipes what this site left in the browser: its cache (pages with diary notes),
# cookies and storage. A shared computer in a clinic or a care home keeps nothing behind.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'
# Other ways out (deleting the account) end with a message kept in the new, empty session:
# clearing cookies would lose it, and the old session is already gone on the server.
CLEAR_SITE_DATA_KEEPING_THE_MESSAGE = '"cache", "storage"'


class PrivateResponseMiddleware:
    """Every response to a signed-in person is `Cache-Control: private, no-store`, whichever
    app or library made it (allauth's pages, the admin, ours); anonymous guide pages keep
    whatever caching their views chose. The response to a logout clears the site's data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        if getattr(request, "logged_out", False):
            patch_cache_control(response, private=True, no_store=True)
            logout_page = request.resolver_match and request.resolver_match.view_name == "account_logout"
            response["Clear-Site-Data"] = (
                CLEAR_SITE_DATA if logout_page else CLEAR_SITE_DATA_KEEPING_THE_MESSAGE
            )
        return response


@receiver(user_logged_out)
def mark_logout(sender, request, user, **kwargs):
    if request is not None:
        request.logged_out = True
