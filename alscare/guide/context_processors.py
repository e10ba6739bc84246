from .sections import SECTIONS


def guide_sections(request):
    return {"guide_sections": SECTIONS.values()}
