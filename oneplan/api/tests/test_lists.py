"""Every list of the API restricts itself: it is a `RestrictedListView`, whose queryset goes
through the policy before any view code narrows it, so a new list cannot forget the door."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import generics

from oneplan.api.base import RestrictedListView


def api_views() -> list[tuple[str, type]]:
    """(route, view class) of every class-based view mounted under /api/."""
    found: list[tuple[str, type]] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and hasattr(entry.callback, "cls"):
                if route.startswith("api/"):
                    found.append((route, entry.callback.cls))

    walk(get_resolver().url_patterns, "")
    return found


def test_the_api_is_found():
    routes = [route for route, _view in api_views()]
    assert any("proposals" in r for r in routes) and any("allocations" in r for r in routes)


@pytest.mark.parametrize(
    ("route", "view"),
    [(r, v) for r, v in api_views() if issubclass(v, generics.ListAPIView)],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_list_is_a_restricted_list(route, view):
    assert issubclass(view, RestrictedListView), (
        f"{view.__module__}.{view.__name__} ({route}) lists records without the door: "
        "derive it from oneplan.api.base.RestrictedListView"
    )
    assert "get_queryset" not in vars(view), (
        f"{view.__name__} overrides get_queryset: narrow the restricted queryset in "
        "`narrow()` instead"
    )
