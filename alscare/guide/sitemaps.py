from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import GuideItem
from .sections import SECTIONS


class GuideItemSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            GuideItem.objects.published()
            .only("section", "slug", "updated_at")
            .order_by("section", "order", "slug")
        )

    def lastmod(self, item):
        return item.updated_at


class GuideSectionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["guide:home", *[("guide:section", slug) for slug in SECTIONS]]

    def location(self, entry):
        if isinstance(entry, tuple):
            name, section = entry
            return reverse(name, kwargs={"section": section})
        return reverse(entry)


SITEMAPS = {"sections": GuideSectionSitemap, "pages": GuideItemSitemap}
