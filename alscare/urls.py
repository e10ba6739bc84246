from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from alscare.guide import views as guide_views
from alscare.guide.page_cache import public_page
from alscare.guide.sitemaps import SITEMAPS

admin.site.site_header = "ALS Care: clinic staff"
admin.site.site_title = "ALS Care staff"
admin.site.index_title = "Keep the care guide current"

# Staff sign in through the same page as everyone else, with its rate limits and passkeys.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("alscare.guide.urls")),
    path("accounts/", include("alscare.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("diary/", include("alscare.diary.urls")),
    path("admin/", admin.site.urls),
    # "p": the sitemap's page, should it ever need more than one.
    path("sitemap.xml", public_page(sitemap, query=("p",)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", guide_views.healthz, name="healthz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

# A database outage answers 503 "back in a moment" rather than 500 (or the 400 Django gives
# when it strikes while a session is saved): see alscare/outage.py.
handler500 = "alscare.outage.server_error"
handler400 = "alscare.outage.bad_request"
