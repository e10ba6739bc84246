from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class SourceInline(admin.TabularInline):
    model = models.Source
    extra = 0
    min_num = 1
    fields = ["title", "url", "position"]


class GuideItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "section", "status", "last_reviewed", "next_review"]
    list_filter = ["status", "section"]
    search_fields = ["title", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SourceInline]
    filter_horizontal = ["related"]
    readonly_fields = ["section", "source_path", "updated_at"]


for kind in [
    models.DiagnosticTest,
    models.Medicine,
    models.SymptomTreatment,
    models.Therapy,
    models.CopingTopic,
    models.AppointmentGuide,
]:
    admin.site.register(kind, GuideItemAdmin)
