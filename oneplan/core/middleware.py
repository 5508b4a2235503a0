"""A request whose address holds a NUL (``%00``, in its path or its query) is refused at
once with a 400 naming the parameter: PostgreSQL refuses NUL in text, so any lookup or
search with it would otherwise fail as a server error. Under /api/ the answer is the API's
JSON (`detail`, `messages`, and `errors` as problems without a row, the shape the import
endpoints document for their 400s); elsewhere a short page."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

NUL = "\x00"


def _problems(request: HttpRequest) -> list[str]:
    problems = []
    if NUL in request.path_info:
        problems.append(_("The address (URL) holds a NUL character (%00), which cannot be used"))
    for key, values in request.GET.lists():
        if NUL in key:
            problems.append(_("A parameter name holds a NUL character (%00), which cannot be used"))
        elif any(NUL in value for value in values):
            problems.append(
                _("The parameter “%(key)s” holds a NUL character (%%00), which cannot be used")
                % {"key": key}
            )
    return problems


def refuse_nul_in_address(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        problems = _problems(request)
        if not problems:
            return get_response(request)
        if request.path_info.startswith("/api/"):
            errors = [{"row": None, "column": "", "message": p} for p in problems]
            return JsonResponse(
                {"detail": " ".join(problems), "messages": problems, "errors": errors}, status=400
            )
        body = "".join(f"<p>{escape(p)}</p>" for p in problems)
        title = escape(_("Bad request"))
        lang = escape(get_language() or "th")
        return HttpResponseBadRequest(
            f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1>{body}</html>"
        )

    return middleware
