"""The committees' API: committees with their members, meetings with their agenda items and
resolutions, read through the one policy."""

from __future__ import annotations

from oneplan.api.base import RestrictedListView
from oneplan.committees.api.serializers import CommitteeOut, MeetingOut
from oneplan.committees.models import Committee, Meeting


class CommitteeList(RestrictedListView):
    """Committees with their members and what breaks their composition rules."""

    serializer_class = CommitteeOut
    queryset = (
        Committee.objects.select_related("type", "area", "cluster")
        .prefetch_related("members")
        .order_by("pk")
    )


class MeetingList(RestrictedListView):
    """Meetings with their agenda items and resolutions."""

    serializer_class = MeetingOut
    queryset = Meeting.objects.prefetch_related("items").order_by("-held_on", "pk")
