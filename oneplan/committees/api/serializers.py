"""Serializers of the committees' API: committees with their members and what breaks their
composition rules; meetings with their agenda items."""

from __future__ import annotations

from rest_framework import serializers

from oneplan.committees import composition
from oneplan.committees.models import AgendaItem, Committee, Meeting, Member


class MemberOut(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = [
            "id",
            "number",
            "full_name",
            "position_title",
            "role",
            "basis",
            "seat",
            "province",
            "gender",
            "term_start",
            "term_end",
        ]


class CommitteeOut(serializers.ModelSerializer):
    type = serializers.CharField(source="type.short_name")
    members = MemberOut(many=True, read_only=True)
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "type", "name", "area", "cluster", "members", "findings"]

    def get_findings(self, committee) -> list[str]:
        from django.utils import timezone

        return [f.message for f in composition.check(committee, timezone.localdate())]


class AgendaItemOut(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "section",
            "number",
            "title",
            "details",
            "resolution",
            "effect",
            "plan_edition",
            "action_plan",
            "applied",
        ]


class MeetingOut(serializers.ModelSerializer):
    items = AgendaItemOut(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "committee", "number", "held_on", "time", "venue", "status", "items"]
