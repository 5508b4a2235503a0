"""Every list of the API answers one page at a time (issue 18: an unbounded list of proposals
was 398 MB, 119 s and a 5.9 GB worker).

The body stays what it was, a JSON array of the records; the pagination travels in the
headers, as GitHub's API does: `Link: <url>; rel="next", <url>; rel="prev"` (RFC 8288, only
the links that exist — none on a list of one page). A client follows rel="next" until there
is none.

* `PageNumberPagination` (`?page=N`), the default of every list (REST_FRAMEWORK's
  DEFAULT_PAGINATION_CLASS, so a new list cannot forget it): the list keeps its own order
  (fiscal year, Thai names, codes).
* `CursorPagination` (`?cursor=…`, opaque, taken from the links), for the lists that grow
  with the country (proposals, needs, allocations, letters…): ordered by the primary key —
  the view's `cursor_ordering`, "pk" (oldest first, the default) or "-pk" (newest first) —
  stable while records are added, each page one indexed query whatever its depth.

A page holds ONEPLAN_API_PAGE_SIZE records unless the client asks `?page_size=`, never more
than ONEPLAN_API_MAX_PAGE_SIZE: a bigger ask is capped, one that is not a positive number
gives the default (both settings are read at each request).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.request import Request
from rest_framework.response import Response

PAGE_SIZE_PARAM = "page_size"
# More digits than this is more than any cap: no need to read the number (Python refuses
# to convert very long ones).
_LONGEST = 9

PAGE_SIZE_HELP = _(
    "How many records a page holds (default %(default)s, at most %(cap)s; a bigger number "
    "gives %(cap)s). The next and previous pages are in the Link response header."
)
LINK_HELP = _(
    'The next and previous pages of the list (RFC 8288): <url>; rel="next", <url>; '
    'rel="prev" — only those that exist; none when the list fits in one page.'
)


def page_size(request: Request) -> int:
    """The records a page holds for this request: `?page_size=` capped by the settings' cap,
    or the default when absent or not a positive whole number."""
    cap = max(1, int(settings.ONEPLAN_API_MAX_PAGE_SIZE))
    default = min(max(1, int(settings.ONEPLAN_API_PAGE_SIZE)), cap)
    raw = request.query_params.get(PAGE_SIZE_PARAM, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return default
    if len(raw.lstrip("0")) > _LONGEST:
        return cap
    asked = int(raw)
    return min(asked, cap) if asked > 0 else default


def link_header(links: dict[str, str | None]) -> str:
    """The Link header's value for these relations (rel → absolute URL), those with a URL."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class LinkHeaderPagination:
    """The list as a plain JSON array, its next and previous pages in the Link header."""

    page_size_query_param = PAGE_SIZE_PARAM
    page_size_query_description = PAGE_SIZE_HELP

    def get_page_size(self, request: Request) -> int:
        return page_size(request)

    def get_paginated_response(self, data) -> Response:
        value = link_header({"next": self.get_next_link(), "prev": self.get_previous_link()})
        return Response(data, headers={"Link": value} if value else None)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return schema  # the body is the array of records itself

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == PAGE_SIZE_PARAM:
                parameter["description"] = str(self.page_size_query_description) % {
                    "default": settings.ONEPLAN_API_PAGE_SIZE,
                    "cap": settings.ONEPLAN_API_MAX_PAGE_SIZE,
                }
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class PageNumberPagination(LinkHeaderPagination, pagination.PageNumberPagination):
    """Pages by number (`?page=2`), each list in its own order: the default of every list."""

    page_query_description = _(
        "The page's number, from 1; the Link response header gives the next and previous pages."
    )
    invalid_page_message = _("There is no page “{page_number}” of this list")
    last_page_strings = ()  # a page is a number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class CursorPagination(LinkHeaderPagination, pagination.CursorPagination):
    """Pages by an opaque cursor, for the lists that grow with the country: ordered by the
    primary key (the view's `cursor_ordering`: "pk", oldest first, or "-pk", newest first),
    whatever order the view's queryset has, so that every page is one indexed query."""

    ordering = "pk"
    cursor_query_description = _(
        "Where the page starts: not to be written by hand, take it from the Link response "
        "header's links."
    )
    invalid_cursor_message = _("The cursor is not valid: follow the links of the Link header")

    def get_ordering(self, request: Request, queryset, view) -> tuple[str, ...]:
        ordering = getattr(view, "cursor_ordering", self.ordering)
        assert ordering in ("pk", "-pk"), (
            f"{type(view).__name__}.cursor_ordering must be 'pk' or '-pk', not {ordering!r}"
        )
        return (ordering,)
