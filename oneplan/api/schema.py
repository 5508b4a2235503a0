"""The API's OpenAPI schema class: drf-spectacular's, with the pagination documented as it
travels (`oneplan.api.pagination`).

A paginated list's body is the plain array of records, as before pagination: its schema
stays the inline array (drf-spectacular would otherwise register a "Paginated…List"
component for each list), its query parameters (`page`/`cursor`, `page_size`) are the
paginator's, and its 200 answer documents the `Link` response header.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from oneplan.api.pagination import LINK_HELP, LinkHeaderPagination


class AutoSchema(openapi.AutoSchema):
    def _paginator(self):
        """The view's paginator (drf-spectacular's own lookup)."""
        return super()._get_paginator()

    def _get_paginator(self):
        # drf-spectacular wraps a list's body (and its examples) with the paginator's schema
        # through this; the body is the array itself, so there is nothing to wrap.
        paginator = self._paginator()
        if isinstance(paginator, LinkHeaderPagination):
            return None
        return paginator

    def _get_pagination_parameters(self):
        if not self._is_list_view():
            return []
        paginator = self._paginator()
        return paginator.get_schema_operation_parameters(self.view) if paginator else []

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if (
            self.method == "GET"
            and isinstance(self._paginator(), LinkHeaderPagination)
            and self._is_list_view()
        ):
            parameters.append(
                OpenApiParameter(
                    "Link",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200],
                    description=LINK_HELP,
                )
            )
        return parameters
