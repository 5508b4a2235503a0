"""POST on the letters: a draft made from a calendar, a meeting or a consultation, as the
buttons on their pages make it (`letters.services.letter_for_*`), to be issued with a number
from the office's register afterwards."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from oneplan.api.base import ERRORS
from oneplan.committees.models import Meeting
from oneplan.cycles.models import Calendar
from oneplan.letters import services
from oneplan.letters.api import serializers as ls
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation.models import Consultation

SOURCES = {
    "calendar": (Calendar, services.letter_for_calendar),
    "meeting": (Meeting, services.letter_for_meeting),
    "consultation": (Consultation, services.letter_for_consultation),
}


class DraftIn(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=sorted(SOURCES),
        help_text=gettext_lazy(
            "What the letter is about: a calendar (sends it), a meeting (invites to it) or a "
            "consultation (invites to it)"
        ),
    )
    id = serializers.IntegerField(
        help_text=gettext_lazy("The calendar's, meeting's or consultation's id")
    )


class LetterDraftPost:
    @extend_schema(
        summary=gettext_lazy("Draft a letter from a calendar, a meeting or a consultation"),
        request=DraftIn,
        responses={201: ls.LetterOut, **ERRORS},
    )
    def post(self, request):
        data = DraftIn(data=request.data)
        data.is_valid(raise_exception=True)
        model, make = SOURCES[data.validated_data["source"]]
        source = policy.get_or_404(
            model.objects.all(), request.user, Action.CHANGE, pk=data.validated_data["id"]
        )
        letter = make(request.user, source)
        return Response(ls.LetterOut(letter).data, status=status.HTTP_201_CREATED)
