"""The forms of a letter's text, the number registers, issuing and cancelling a letter, and
its distribution list. They only parse: the rules live in `services`, `numbering` and
`distribution`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area
from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import be_year
from oneplan.letters.models import Letter, NumberRegister, Recipient
from oneplan.letters.numbering import RegisterDraft
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, OrgKind
from oneplan.orgs.policy import Action

OFFICE_KINDS = (OrgKind.PROVINCIAL_OFFICE, OrgKind.PROVINCIAL_AGENCY, OrgKind.DISTRICT_OFFICE)


class LetterForm(forms.ModelForm):
    """The letter; references one a line, enclosures one a line as "item | quantity"."""

    references_text = forms.CharField(
        label=_("references"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    enclosures_text = forms.CharField(
        label=_("enclosures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: the item | its quantity (จำนวน 1 ชุด)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        letter = self.instance
        if letter.issued is not None:  # an issued letter's number and date never change
            self.fields["number"].disabled = True
            self.fields["date"].disabled = True
        if letter.recipients.exists():  # the list is kept as rows below the letter
            del self.fields["distribution"]
        self.initial.setdefault("references_text", "\n".join(letter.references or []))
        self.initial.setdefault(
            "enclosures_text",
            "\n".join(" | ".join(str(p) for p in e if p) for e in letter.enclosures or []),
        )

    def draft(self) -> Letter:
        """The letter as typed, not saved: `services.save_letter` saves it."""
        letter = super().save(commit=False)
        lines = [line.strip() for line in self.cleaned_data["references_text"].splitlines()]
        letter.references = [line for line in lines if line]
        letter.enclosures = [
            [part.strip() for part in line.split("|", 1)]
            for line in self.cleaned_data["enclosures_text"].splitlines()
            if line.strip()
        ]
        return letter

    class Meta:
        model = Letter
        fields = [
            "urgency",
            "number",
            "office",
            "address",
            "date",
            "subject",
            "salutation",
            "references_text",
            "enclosures_text",
            "body",
            "closing",
            "signatory",
            "position",
            "unit_lines",
            "copies_to",
            "distribution",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "unit_lines": forms.Textarea(attrs={"rows": 4}),
            "copies_to": forms.Textarea(attrs={"rows": 2}),
            "distribution": forms.Textarea(attrs={"rows": 8}),
        }
        field_classes = {"date": ThaiDateField}


def register_provinces(user: Any) -> list[Area]:
    """The provinces whose registers the user may set up."""
    return [
        p
        for p in Area.objects.provinces().order_by("code")
        if policy.can(user, Action.ADD, NumberRegister(province=p))
    ]


class RegisterForm(forms.Form):
    """A number register: the province and office, the prefix as written, the series, the
    year it counts in and the last number taken (for a register kept on paper until now)."""

    province = forms.ModelChoiceField(label=_("province"), queryset=Area.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("office"), queryset=Organisation.objects.none(), required=False
    )
    name = forms.CharField(label=_("register name"), max_length=200, required=False)
    prefix = forms.CharField(
        label=_("number prefix"),
        max_length=60,
        help_text=_("As the office writes it, e.g. มท ๐๓๑๘ or รย ๐๐๑๗.๒"),
    )
    circular = forms.BooleanField(
        label=_("circular series (ว)"),
        required=False,
        help_text=_("Numbers are written “ว 12” after the slash (หนังสือเวียน)."),
    )
    year_be = forms.IntegerField(label=_("year (B.E.)"), min_value=2500, max_value=2700)
    last_number = forms.IntegerField(
        label=_("last number taken"),
        min_value=0,
        initial=0,
        help_text=_("The next letter issued takes the number after it."),
    )

    def __init__(self, *args: Any, user: Any, register: NumberRegister | None = None, **kwargs):
        if register is not None:
            kwargs.setdefault(
                "initial",
                {
                    "province": register.province_id,
                    "organisation": register.organisation_id,
                    "name": register.name,
                    "prefix": register.prefix,
                    "circular": register.circular,
                    "year_be": register.year_be,
                    "last_number": register.last_number,
                },
            )
        super().__init__(*args, **kwargs)
        if register is not None:
            provinces = [register.province]
            self.fields["province"].disabled = True
        else:
            provinces = register_provinces(user)
            self.initial.setdefault("year_be", be_year(timezone.localdate().year))
            if len(provinces) == 1:
                self.initial.setdefault("province", provinces[0].pk)
        codes = [p.code for p in provinces]
        self.fields["province"].queryset = Area.objects.filter(code__in=codes).order_by("code")
        offices = Organisation.objects.filter(is_active=True).order_by("area_id", "name_th")
        if len(codes) == 1:  # the offices of the province
            offices = offices.filter(area__code__startswith=codes[0], kind__in=OFFICE_KINDS)
        else:  # the provincial offices (สำนักงานจังหวัด) of every province
            offices = offices.filter(kind=OrgKind.PROVINCIAL_OFFICE)
        self.fields["organisation"].queryset = offices

    def draft(self) -> RegisterDraft:
        data = self.cleaned_data
        return RegisterDraft(
            province=data["province"],
            organisation=data.get("organisation"),
            name=data.get("name", ""),
            prefix=data["prefix"],
            circular=data.get("circular", False),
            year_be=data["year_be"],
            last_number=data["last_number"],
        )


class IssueForm(forms.Form):
    """Issue a draft: the register it takes its number from, and the letter's date."""

    register = forms.ModelChoiceField(
        label=_("number register"), queryset=NumberRegister.objects.none()
    )
    on = ThaiDateField(label=_("date"), required=False)

    def __init__(self, *args: Any, letter: Letter, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = NumberRegister.objects.filter(
            province_id=letter.province_id
        ).restrict(user, Action.CHANGE)
        self.initial.setdefault("on", timezone.localdate())
        year = be_year(timezone.localdate().year)
        this_year = self.fields["register"].queryset.filter(year_be=year)
        if this_year.count() == 1:
            self.initial.setdefault("register", this_year.get().pk)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RecipientForm(forms.Form):
    """The dates a recipient was sent the letter and acknowledged it (the fields of
    `distribution.RecipientDraft`). A plain form: it reads, the service changes the row."""

    sent_on = ThaiDateField(label=_("sent on"), required=False)
    acknowledged_on = ThaiDateField(label=_("acknowledged on"), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, recipient: Recipient | None = None, **kwargs: Any):
        if recipient is not None:
            kwargs.setdefault(
                "initial",
                {
                    "sent_on": recipient.sent_on,
                    "acknowledged_on": recipient.acknowledged_on,
                    "note": recipient.note,
                },
            )
        super().__init__(*args, **kwargs)


class AddRecipientForm(forms.Form):
    name = forms.CharField(label=_("recipient"), max_length=300)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class MarkSentForm(forms.Form):
    on = ThaiDateField(label=_("sent on"))
