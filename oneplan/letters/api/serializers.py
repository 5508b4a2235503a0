"""Serializers of the letters API: letters with their number and distribution list, the
number registers with their book, and the requests that issue, cancel and record sending."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from oneplan.api.fields import ThaiDateField
from oneplan.areas.models import Area
from oneplan.letters.models import IssuedNumber, Letter, NumberRegister, Recipient
from oneplan.orgs.models import Organisation

# A plain text field: an enum named "status" would collide with the other apps' in the schema
# (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] could name it LetterStatusEnum).
STATUS_HELP = gettext_lazy("The letter's status: draft, issued or cancelled")


class RecipientOut(serializers.ModelSerializer):
    class Meta:
        model = Recipient
        fields = ["id", "order", "name", "organisation", "sent_on", "acknowledged_on", "note"]


class IssuedNumberOut(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    issued_by = serializers.CharField(source="issued_by.username", default=None, read_only=True)
    cancelled_by = serializers.CharField(
        source="cancelled_by.username", default=None, read_only=True
    )

    class Meta:
        model = IssuedNumber
        fields = [
            "register",
            "year_be",
            "number",
            "text",
            "letter",
            "issued_on",
            "issued_by",
            "issued_at",
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
        ]


class LetterOut(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    issued = IssuedNumberOut(read_only=True, allow_null=True)
    recipients = RecipientOut(many=True, read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "province",
            "status",
            "number",
            "date",
            "urgency",
            "subject",
            "salutation",
            "office",
            "calendar",
            "meeting",
            "consultation",
            "issued",
            "recipients",
        ]


class RegisterOut(serializers.ModelSerializer):
    class Meta:
        model = NumberRegister
        fields = [
            "id",
            "province",
            "organisation",
            "name",
            "prefix",
            "circular",
            "year_be",
            "last_number",
        ]


class RegisterDetailOut(RegisterOut):
    numbers = IssuedNumberOut(many=True, read_only=True)

    class Meta(RegisterOut.Meta):
        fields = [*RegisterOut.Meta.fields, "numbers"]


class RegisterIn(serializers.Serializer):
    """A number register to create (all fields) or change (PATCH: the fields given)."""

    province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Area.objects.provinces(),
        help_text=gettext_lazy("The province's code (DOPA), e.g. 21"),
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The office keeping the register (an organisation's id)"),
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    prefix = serializers.CharField(
        max_length=60, help_text=gettext_lazy("As the office writes it, e.g. มท ๐๓๑๘")
    )
    circular = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("A circular series (ว)")
    )
    year_be = serializers.IntegerField(
        min_value=2500, max_value=2700, help_text=gettext_lazy("The B.E. year it counts in")
    )
    last_number = serializers.IntegerField(
        min_value=0,
        required=False,
        default=0,
        help_text=gettext_lazy("The last number taken; the next letter takes the one after"),
    )


class IssueIn(serializers.Serializer):
    register = serializers.PrimaryKeyRelatedField(
        queryset=NumberRegister.objects.all(),
        help_text=gettext_lazy("The register the letter takes its number from"),
    )
    date = ThaiDateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The letter's date (B.E. or C.E.); not given = today"),
    )


class CancelIn(serializers.Serializer):
    reason = serializers.CharField(help_text=gettext_lazy("Why the letter is cancelled"))


class RecipientIn(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RecipientDatesIn(serializers.Serializer):
    sent_on = ThaiDateField(required=False, allow_null=True)
    acknowledged_on = ThaiDateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class SentIn(serializers.Serializer):
    on = ThaiDateField(help_text=gettext_lazy("The day the letter was sent"))


class SentOut(serializers.Serializer):
    marked = serializers.IntegerField()
