"""The calendars' API: planning calendars and their steps, read through the one policy
(published ones without a token)."""

from __future__ import annotations

from oneplan.api.base import RestrictedListView, year_param
from oneplan.cycles.api.serializers import CalendarOut
from oneplan.cycles.models import Calendar


class CalendarList(RestrictedListView):
    """Planning calendars with their steps (published ones are read without a token)."""

    serializer_class = CalendarOut
    queryset = Calendar.objects.select_related("cycle").prefetch_related("steps__phase")

    def narrow(self, found):
        year = year_param(self.request, "fiscal_year")
        if year is not None:
            found = found.filter(cycle__fiscal_year_be=year)
        return found.order_by("-cycle__fiscal_year_be", "pk")
