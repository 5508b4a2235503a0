"""The calendars' page forms: a step with its dates as officials write them, and the Excel
table that replaces a calendar's steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from oneplan.core.thai import normalize_text
from oneplan.cycles import calendars
from oneplan.cycles.models import Calendar, CalendarStep, Phase
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
