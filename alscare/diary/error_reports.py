"""Error reports that carry no health data.

Django's error reports (the technical 500 page with DEBUG on, and AdminEmailHandler's
emails, whose HTML version lists every frame's local variables) would otherwise show diary
notes, ratings and patient names held in variables. For a request to a private page (one
marked by `sensitive_post_parameters`, as every `private_page` view is), this filter hides
all POST values and every local variable, with DEBUG on or off.
"""

from django.views.debug import SafeExceptionReporterFilter


def _is_private(request):
    return request is not None and getattr(request, "sensitive_post_parameters", None) is not None


class HealthDataExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return _is_private(request) or super().is_active(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if _is_private(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)
