"""The one-click unsubscribe link of a reminder mail. Its signed token is the only key: the
link works without logging in. A GET only shows a button; the change is a POST, either from
that button or from the mail program itself (RFC 8058 List-Unsubscribe-Post), which sends
no CSRF token, so the view is exempt and relies on the signature."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..reminders import reminder_for_token


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    reminder = reminder_for_token(token)
    if reminder is None:
        return render(request, "diary/unsubscribe.html", {"state": "unknown"}, status=404)
    if request.method == "POST":
        reminder.delete()
        return render(request, "diary/unsubscribe.html", {"state": "done"})
    return render(
        request, "diary/unsubscribe.html", {"state": "confirm", "reminder": reminder, "token": token}
    )
