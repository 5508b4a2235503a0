"""Forms of the project pipeline: the proposal (with its budget by year and category),
clinic comments, replies, scores and decisions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.audit.versioning import VersionedFormMixin
from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import fiscal_year_of, normalize_text
from oneplan.cycles.models import Cycle
from oneplan.documents import uploads
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans.chain import reference_edition
from oneplan.plans.forms import NumberField
from oneplan.plans.models import (
    Goal,
    Indicator,
    Plan,
    PlanEdition,
    StrategicIssue,
    Strategy,
    ValueChainStage,
)
from oneplan.projects import intake, owners
from oneplan.projects.models import (
    FUNDING_CHANNELS,
    BudgetCategory,
    Criterion,
    DecisionOutcome,
    Proposal,
)
from oneplan.projects.owners import Owner, plan_years


def _cycles_for(owner: Owner, current: int | None = None):
    """The cycles a proposal may be for: a cluster's only those whose regime uses its
    cluster set (a 2009 cluster's years are those of the 2551 regime, issue 11)."""
    cycles = Cycle.objects.order_by("-fiscal_year_be")
    if not isinstance(owner, Cluster):
        return cycles
    same = Q(regime__cluster_regime=owner.regime_id)
    if owner.regime.in_force:  # a regime naming no set follows the set in force
        same |= Q(regime__cluster_regime=None)
    if current:
        same |= Q(pk=current)
    return cycles.filter(same)


class ProposalForm(VersionedFormMixin, forms.ModelForm):
    """A proposal for a province's (or a cluster's) action plan; budget fields per year and
    category; the version it was read at, hidden (a stale save is refused)."""

    class Meta:
        model = Proposal
        fields = [
            "cycle",
            "reference_code",
            "title",
            "rationale",
            "objectives",
            "expected_outcomes",
            "benefits",
            "area",
            "whole_area",
            "locations",
            "start_date",
            "end_date",
            "funding_channel",
            "proposer_kind",
            "responsible_agency",
            "issue",
            "goal",
            "strategy",
            "indicator",
            "stage",
            "tags",
            "requests_budget_directly",
            "negative_impacts_analysed",
        ]
        widgets = {
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "tags": forms.CheckboxSelectMultiple,
            "locations": forms.SelectMultiple(attrs={"size": 8}),
        }
        field_classes = {"start_date": ThaiDateField, "end_date": ThaiDateField}

    def __init__(self, *args, user, owner: Owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.owner = owner
        self.fields["cycle"].queryset = _cycles_for(owner, self.instance.cycle_id)
        if not self.instance.cycle_id:
            self.fields["cycle"].initial = default_cycle()
        self._set_areas(user, owner)
        self._set_locations(owner)
        self._set_plan_choices(_plan_edition(owner, user), user)
        self.years = _years(self._budget_cycle(), owner)
        self._set_funding_choices(self._budget_cycle() or default_cycle())
        self._add_budget_fields()

    def _set_funding_choices(self, cycle: Cycle | None) -> None:
        """The budget sources the cycle's regime takes (and the saved one, kept)."""
        allowed = set(FUNDING_CHANNELS.of(cycle.regime if cycle else None))
        allowed.add(self.instance.funding_channel)
        field = self.fields["funding_channel"]
        field.choices = [(v, label) for v, label in field.choices if not v or v in allowed]

    def _set_areas(self, user, owner: Owner) -> None:
        """The areas the user may propose for: the owner's, within the user's reach."""
        reach = policy.area_reach(user, Action.CHANGE)
        areas = Area.objects.filter(owners.places_q(owner, ("province", "district")))
        if reach is not None:
            allowed = [a.pk for a in areas if any(a.code.startswith(p) for p in reach)]
            if self.instance.area_id:
                allowed.append(self.instance.area_id)
            if not allowed:  # agencies and local governments propose for the province
                allowed = [owners.default_area(owner).code]
            areas = areas.filter(pk__in=allowed)
        self.fields["area"].queryset = areas.order_by("code")
        self.fields["area"].help_text = (
            _("The member province (or district) where the project runs.")
            if isinstance(owner, Cluster)
            else _("The province, or the proposing district.")
        )

    def _set_locations(self, owner: Owner) -> None:
        self.fields["locations"].queryset = (
            Area.objects.filter(owners.places_q(owner, ("district", "subdistrict")), is_active=True)
            .select_related("parent")
            .order_by("code")
        )
        self.fields["locations"].label_from_instance = _location_label
        self.fields["locations"].help_text = _(
            "The districts or sub-districts where the project takes place (leave empty when it"
            " covers the whole province)."
        )

    def _set_plan_choices(self, edition: PlanEdition | None, user) -> None:
        """The issue, goal, strategy, indicator and stage come from the owner's plan."""
        issues = (
            StrategicIssue.objects.filter(edition=edition).restrict(user)
            if edition
            else StrategicIssue.objects.none()
        )
        self.fields["issue"].queryset = issues.order_by("priority")
        for name, model in (
            ("goal", Goal),
            ("strategy", Strategy),
            ("indicator", Indicator),
            ("stage", ValueChainStage),
        ):
            self.fields[name].queryset = (
                model.objects.filter(edition=edition).restrict(user)
                if edition
                else model.objects.none()
            )

    def _budget_cycle(self) -> Cycle | None:
        """The cycle whose budget years the form asks for: the one chosen, else the saved."""
        cycle = self.instance.cycle if self.instance.cycle_id else None
        chosen = str(self.data.get("cycle") or "") if self.is_bound else ""
        if chosen.isdigit():  # the budget years follow the cycle the user chose
            cycle = Cycle.objects.filter(pk=int(chosen)).first() or cycle
        return cycle

    def _add_budget_fields(self) -> None:
        """An amount field per budget year and category, with the saved amount."""
        current = (
            {(b.fiscal_year_be, b.category): b.amount for b in self.instance.budget_lines.all()}
            if self.instance.pk
            else {}
        )
        for year in self.years:
            for value, label in BudgetCategory.choices:
                name = f"budget_{year}_{value}"
                self.fields[name] = NumberField(
                    label=f"{label} {year}",
                    required=False,
                    initial=current.get((year, value)),
                    min_value=0,
                    max_digits=16,
                    decimal_places=2,
                    error_messages={
                        "invalid": _("“%(value)s” is not an amount in baht."),
                        "min_value": _("An amount cannot be negative."),
                    },
                )

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("budget_")]

    def budget_fields(self):
        return [self[f"budget_{y}_{c}"] for y in self.years for c in BudgetCategory.values]

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = normalize_text(value)
        self.draft = self.to_draft(data)
        for problem in intake.validate(self.draft, user=self.user):
            name = problem.column if problem.column in self.fields else None
            if name not in self.errors:  # a field that did not parse keeps its own error
                self.add_error(name, problem.message)
        return data

    def to_draft(self, data: dict) -> intake.ProposalDraft:
        """What was typed, as the proposal's draft (on top of the proposal as it is)."""
        typed = {name: data[name] for name in intake.SCALARS if name in data}
        return intake.ProposalDraft.of(
            self.instance,
            **typed,
            locations=list(data.get("locations") or []),
            tags=list(data.get("tags") or []),
            budget=self.budget(),
            sent=frozenset({*typed, "locations", "tags", "budget"}),
        )

    def budget(self) -> dict[tuple[int, str], Decimal]:
        return {
            (year, category): self.cleaned_data[f"budget_{year}_{category}"]
            for year in self.years
            for category in BudgetCategory.values
            if self.cleaned_data.get(f"budget_{year}_{category}")
        }


def _location_label(a: Area) -> str:
    """A location as the list shows it: a sub-district with its district."""
    return a.display_name if a.level == "district" else f"{a.display_name} ({a.parent.name_th})"


def default_cycle() -> Cycle | None:
    """A new proposal's cycle: the current fiscal year's, else the latest of the regime."""
    current = Cycle.objects.filter(fiscal_year_be=fiscal_year_of(timezone.localdate())).first()
    return current or (
        Cycle.objects.filter(regime__is_current=True).order_by("-fiscal_year_be").first()
    )


def _years(cycle: Cycle | None, owner: Owner) -> list[int]:
    """The fiscal years a budget may be asked for: the plan years from the cycle's year on
    (the same years the Excel templates offer)."""
    cycle = cycle or default_cycle()
    if cycle is None:
        return []
    return [year for year in plan_years(cycle, owner) if year >= cycle.fiscal_year_be]


def _plan_edition(owner: Owner, user):
    """The owner's plan edition the proposal links to (of a plan the user may read)."""
    plan = (
        Plan.objects.filter(**owners.plan_filter(owner))
        .restrict(user)
        .order_by("-first_year_be")
        .first()
    )
    return reference_edition(plan) if plan else None


class CommentForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("On"), required=False)
    text = forms.CharField(label=gettext_lazy("comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("the whole proposal"))] + [
            (name, str(Proposal._meta.get_field(name).verbose_name))
            for name in ProposalForm.Meta.fields
        ]


class ReplyForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("reply"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("decision"), choices=DecisionOutcome.choices)
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ScoreForm(forms.Form):
    """A reviewer's score on one of the cycle's screening criteria."""

    criterion = forms.ModelChoiceField(label=gettext_lazy("criterion"), queryset=None)
    score = NumberField(label=gettext_lazy("score"), max_digits=5, decimal_places=2)
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=2000)

    def __init__(self, *args, regime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = Criterion.objects.filter(regime=regime)


class AttachmentForm(forms.Form):
    """A document attached to a proposal, a progress report or a meeting: kept only when it
    is the PDF, Word, Excel, JPEG or PNG file its name says (`documents.uploads`)."""

    file = forms.FileField(label=gettext_lazy("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_attachment(upload)
        return upload


class DecisionDateForm(forms.Form):
    """The date of the decision recorded with an action plan's change of status (the status
    and the deciding body are read by the view)."""

    decided_on = ThaiDateField(label=gettext_lazy("decided on"), required=False)
