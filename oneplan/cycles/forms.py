"""The calendars' page forms: a step with its dates as officials write them, and the Excel
table that replaces a calendar's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import normalize_text, parse_year
from oneplan.cycles import calendars, services
from oneplan.cycles.models import Calendar, CalendarStep, Cycle, Phase, PrintLayout, Regime
from oneplan.documents.registry import XLSX


class StepForm(forms.ModelForm):
    """A step; its dates typed as officials write them ("มิ.ย. - ก.ค. 70", "ภายใน พ.ค. 70")."""

    when = forms.CharField(
        label=gettext_lazy("When"),
        required=False,
        help_text=gettext_lazy(
            "For example 13 มิถุนายน 2570, 9 – 12 ก.ย. 2570, มิ.ย. - ก.ค. 70, ภายใน พ.ค. 70,"
            " or - when not yet set. Buddhist or Christian years."
        ),
    )

    class Meta:
        model = CalendarStep
        fields = ["number", "phase", "action", "responsible", "venue", "notes", "status"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 3}),
            "responsible": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, calendar: Calendar, **kwargs):
        super().__init__(*args, **kwargs)
        self.calendar = calendar
        self.fields["phase"].queryset = Phase.objects.filter(regime=calendar.cycle.regime)
        if self.instance.pk and not self.is_bound:
            self.initial["when"] = calendars.format_when(self.instance)
        self.understood: calendars.When | None = None

    def clean_when(self) -> calendars.When:
        text = normalize_text(self.cleaned_data.get("when") or "")
        try:
            self.understood = calendars.parse_when(text)
        except calendars.WhenError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return self.understood

    def save(self, commit: bool = True) -> CalendarStep:
        step = super().save(commit=False)
        when: calendars.When = self.cleaned_data["when"]
        step.calendar = self.calendar
        step.start, step.end = when.start, when.end
        step.precision, step.deadline, step.when_text = when.precision, when.deadline, when.text
        return step


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Calendar table (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )


class YearField(forms.CharField):
    """A fiscal year typed in B.E. (2571) or C.E. (2028); stored as B.E. (the plans' forms
    use it too)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_year(value).be
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class CycleForm(forms.Form):
    """The planning cycle of a new fiscal year (the national secretariat's)."""

    fiscal_year_be = YearField(
        label=gettext_lazy("fiscal year (B.E.)"),
        help_text=gettext_lazy("B.E. (2571) or C.E. (2028)"),
    )
    regime = forms.ModelChoiceField(
        label=gettext_lazy("regime"),
        queryset=Regime.objects.order_by("order"),
        required=False,
        help_text=gettext_lazy("Not chosen: the current regime"),
    )
    name = forms.CharField(label=gettext_lazy("name"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regime"].initial = services.current_regime()


class OwnerForm(forms.Form):
    """A form naming the body a calendar belongs to among those the user may choose."""

    owner = forms.ChoiceField(label=gettext_lazy("Whose calendar"))

    def __init__(self, *args, owners: list[calendars.Owner], **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {o.key: o for o in owners}
        self.fields["owner"].choices = [(o.key, o.label) for o in owners]

    def chosen_owner(self) -> calendars.Owner:
        return self.owners[self.cleaned_data["owner"]]


class CalendarForm(OwnerForm):
    """A new, empty calendar of a body for a cycle (the nation's may be the template)."""

    cycle = forms.ModelChoiceField(
        label=gettext_lazy("planning cycle"), queryset=Cycle.objects.order_by("-fiscal_year_be")
    )
    title = forms.CharField(label=gettext_lazy("title"), max_length=500)
    is_template = forms.BooleanField(
        label=gettext_lazy("The national template, for the clusters, provinces and districts"),
        required=False,
    )
    print_layout = forms.ChoiceField(
        label=gettext_lazy("printed as"), choices=PrintLayout.choices, initial=PrintLayout.GANTT
    )
    short_dates = forms.BooleanField(label=gettext_lazy("short dates"), required=False)
    prepared_by = forms.CharField(label=gettext_lazy("prepared by"), max_length=300, required=False)
    as_of = ThaiDateField(label=gettext_lazy("information as of"), required=False)
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["cycle", "owner", "title", "is_template"]


class CopyForm(OwnerForm):
    """Copy a calendar: into which cycle, for which body, dates moved or kept."""

    cycle = forms.ModelChoiceField(
        label=gettext_lazy("into the planning cycle"),
        queryset=Cycle.objects.order_by("-fiscal_year_be"),
    )
    shift = forms.BooleanField(
        label=gettext_lazy("Move every date by the years between the cycles"), required=False
    )

    field_order = ["cycle", "owner", "shift"]
