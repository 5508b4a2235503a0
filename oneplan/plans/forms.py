"""Forms for plans, editions and each kind of component.

`COMPONENT_FORMS` maps the URL slug of a component kind to its model and form; a form's
choices of parents (issue, goal, strategy, stage) are limited to the same edition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import Area, Cluster
from oneplan.audit.versioning import VersionedFormMixin
from oneplan.core.dates import ThaiDateField
from oneplan.core.thai import normalize_text
from oneplan.cycles.forms import YearField
from oneplan.cycles.models import Regime
from oneplan.documents.workbook import CellError as InvalidCell
from oneplan.documents.workbook import parse_number
from oneplan.orgs import policy
from oneplan.orgs.models import Role
from oneplan.orgs.policy import Action
from oneplan.plans import intake
from oneplan.plans.chain import cluster_issue_choices
from oneplan.plans.models import (
    AlignmentTarget,
    BaselineFigure,
    Component,
    EditionStatus,
    Goal,
    Indicator,
    PlanEdition,
    PlanProject,
    Positioning,
    StrategicIssue,
    Strategy,
    SwotItem,
    TowsStrategy,
    ValueChain,
    ValueChainStage,
)


class NormalisedFormMixin:
    """Every text a user types is normalised (NFC, zero-width characters, Thai digits kept)."""

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = normalize_text(value)
        return data


class NumberField(forms.DecimalField):
    """A number as people type it: Thai digits, thousands commas and spaces are read the way
    the Excel imports read a cell (`parse_number`); bounds and decimal places are then checked
    as Django's own field does. A saved value is shown plainly (1500000, not 1.5E+6)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    default_error_messages = {
        "invalid": gettext_lazy("“%(value)s” is not a number."),
        "max_digits": gettext_lazy("Use at most %(max)s digits."),
        "max_decimal_places": gettext_lazy("Use at most %(max)s decimal places."),
        "max_whole_digits": gettext_lazy("Use at most %(max)s digits before the decimal point."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = normalize_text(str(value))
        if not text:
            return None
        try:
            return parse_number(text)
        except InvalidCell as exc:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text}
            ) from exc

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            return format(value.normalize(), "f")
        return value


class PlanCreateForm(forms.Form):
    owner = forms.ChoiceField(label=gettext_lazy("Province or cluster"))
    first_year_be = YearField(
        label=gettext_lazy("First fiscal year"),
        help_text=gettext_lazy("B.E. (2571) or C.E. (2027)"),
    )
    regime = forms.ModelChoiceField(
        label=gettext_lazy("plan regime"), queryset=Regime.objects.order_by("order")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owner_choices(user)
        self.fields["regime"].initial = Regime.objects.filter(is_current=True).first()

    def clean(self):
        data = super().clean()
        owner, regime = data.get("owner", ""), data.get("regime")
        if (
            owner.startswith("cluster:")
            and regime is not None
            and not regime.takes_cluster(self.owner_object())
        ):
            self.add_error(
                "owner",
                _("This cluster is not in the cluster set of the plan regime (%(regime)s).")
                % {"regime": regime.cluster_regime},
            )
        return data

    def owner_object(self) -> Area | Cluster:
        kind, _sep, ident = self.cleaned_data["owner"].partition(":")
        if kind == "cluster":
            return Cluster.objects.get(pk=int(ident))
        return Area.objects.get(code=ident)


def owner_choices(user) -> list[tuple[str, str]]:
    """The provinces and clusters whose plans this user may write."""
    reach = policy.area_reach(user, Action.CHANGE)
    provinces = Area.objects.provinces().active().order_by("code")
    scopes = policy.scopes_of(user)
    choices: list[tuple[str, str]] = []
    may_province = {s.role for s in scopes} & {
        Role.PROVINCIAL_STRATEGY,
        Role.NATIONAL_SECRETARIAT,
        Role.SYSTEM_ADMIN,
    }
    if may_province:
        for province in provinces:
            if reach is None or any(province.code.startswith(p) for p in reach):
                choices.append((f"province:{province.code}", province.display_name))
    # The clusters of every cluster set a regime uses, grouped by set (the one in force
    # first): a plan under the 2551 regime is one of a 2009 cluster (the service refuses a
    # cluster outside its regime's set).
    sets = Regime.objects.exclude(cluster_regime=None).values("cluster_regime")
    clusters = (
        Cluster.objects.filter(Q(regime__in_force=True) | Q(regime__in=sets))
        .select_related("regime")
        .order_by("-regime__in_force", "-regime__code", "order")
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for cluster in clusters:
        if any(
            s.role in {Role.NATIONAL_SECRETARIAT, Role.SYSTEM_ADMIN} or s.cluster_id == cluster.pk
            for s in scopes
        ):
            group = groups.setdefault(cluster.regime.name_th, [])
            group.append((f"cluster:{cluster.pk}", cluster.name_th))
    if len(groups) == 1:
        choices.extend(next(iter(groups.values())))
    else:
        choices.extend(groups.items())
    return choices


class EditionTextForm(VersionedFormMixin, NormalisedFormMixin, forms.ModelForm):
    """The edition's texts, with the version they were read at (a stale save is refused)."""

    class Meta:
        model = PlanEdition
        fields = ["vision", "mission", "general_info", "past_performance"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 2}),
            "mission": forms.Textarea(attrs={"rows": 4}),
            "general_info": forms.Textarea(attrs={"rows": 8}),
            "past_performance": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"mission": gettext_lazy("One mission per line.")}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"))
    decided_by = forms.CharField(
        label=gettext_lazy("decided by (meeting or document)"),
        max_length=300,
        help_text=gettext_lazy("e.g. ก.บ.จ. meeting no. 2/2569, or the letter number"),
    )
    decided_on = ThaiDateField(label=gettext_lazy("decided on"), required=False)
    note = forms.CharField(
        label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, next_statuses: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, EditionStatus(s).label) for s in next_statuses]


class ReviewForm(forms.Form):
    review_year_be = YearField(
        label=gettext_lazy("Review for fiscal year"),
        help_text=gettext_lazy("B.E. (2569) or C.E. (2026)"),
    )


# --------------------------------------------------------------------------- components


class ComponentForm(VersionedFormMixin, NormalisedFormMixin, forms.ModelForm):
    """A component of one edition: parent choices come from that edition only, as the user
    may read them; the version it was read at travels hidden with the form (a stale save is
    refused)."""

    parent_fields: dict[str, type[Component]] = {}

    def __init__(self, *args, edition: PlanEdition, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        for name, model in self.parent_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(edition=edition).restrict(user)
        if "alignments" in self.fields:
            frameworks = edition.plan.regime.frameworks.all()
            self.fields["alignments"].queryset = AlignmentTarget.objects.filter(
                framework__in=frameworks
            ).select_related("framework")
            self.fields["alignments"].widget.attrs["size"] = 10
            self.fields["alignments"].label_from_instance = lambda t: (
                f"{t.framework.name_th}: {t.number}. {t.name_th}"
            )

    def save(self, commit: bool = True):
        obj = super().save(commit=False)
        obj.edition = self.edition
        if commit:
            obj.save()
            self.save_m2m()
        return obj

    def draft(self) -> object | None:
        """The cleaned data as an `intake` draft; None for kinds saved as plain records."""
        return None

    def add_problems(self, problems: list[intake.Problem]) -> None:
        """The intake's problems as this form's errors (a field it lacks: above the form)."""
        for problem in problems:
            name = problem.column if problem.column in self.fields else None
            self.add_error(name, problem.message)

    def _ids(self, name: str) -> frozenset[int]:
        return frozenset(obj.pk for obj in self.cleaned_data.get(name) or ())

    def _pk(self, name: str) -> int | None:
        obj = self.cleaned_data.get(name)
        return obj.pk if obj is not None else None


class BaselineFigureForm(ComponentForm):
    class Meta:
        model = BaselineFigure
        fields = ["dimension", "name", "value", "unit", "year_be", "source", "order"]


class SwotItemForm(ComponentForm):
    class Meta:
        model = SwotItem
        fields = ["kind", "text", "evidence", "order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }


class TowsStrategyForm(ComponentForm):
    class Meta:
        model = TowsStrategy
        fields = ["quadrant", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class PositioningForm(ComponentForm):
    class Meta:
        model = Positioning
        fields = ["dimension", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class StrategicIssueForm(ComponentForm):
    class Meta:
        model = StrategicIssue
        fields = ["priority", "title", "category", "alignments", "cluster_issues"]

    def __init__(self, *args, edition: PlanEdition, user, **kwargs):
        super().__init__(*args, edition=edition, user=user, **kwargs)
        self.fields["cluster_issues"].queryset = cluster_issue_choices(edition).restrict(user)
        self.fields["cluster_issues"].required = False

    def draft(self) -> intake.IssueDraft:
        data = self.cleaned_data
        return intake.IssueDraft(
            priority=data["priority"],
            title=data["title"],
            category_id=self._pk("category"),
            alignment_ids=self._ids("alignments"),
            cluster_issue_ids=self._ids("cluster_issues"),
        )


class GoalForm(ComponentForm):
    parent_fields = {"issue": StrategicIssue}
    draft_type: type[intake.GoalDraft] = intake.GoalDraft

    class Meta:
        model = Goal
        fields = ["issue", "number", "text", "alignments", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def draft(self) -> intake.GoalDraft:
        data = self.cleaned_data
        return self.draft_type(
            issue_id=self._pk("issue"),
            number=data["number"],
            text=data["text"],
            alignment_ids=self._ids("alignments"),
            order=data.get("order"),
        )


class IndicatorForm(ComponentForm):
    """An indicator with one target field per plan year."""

    parent_fields = {"goal": Goal}

    class Meta:
        model = Indicator
        fields = [
            "goal",
            "number",
            "name",
            "unit",
            "baseline",
            "baseline_year_be",
            "direction",
            "data_source",
            "controllable",
            "order",
        ]

    def __init__(self, *args, edition: PlanEdition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        targets = self.instance.target_map() if self.instance.pk else {}
        for year in edition.plan.years:
            self.fields[f"target_{year}"] = NumberField(
                label=_("target for %(year)s") % {"year": year},
                required=False,
                max_digits=20,
                decimal_places=4,
                initial=targets.get(year),
            )

    def target_values(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.edition.plan.years}

    def draft(self) -> intake.IndicatorDraft:
        data = self.cleaned_data
        return intake.IndicatorDraft(
            goal_id=self._pk("goal"),
            number=data["number"],
            name=data["name"],
            unit=data["unit"],
            baseline=data["baseline"],
            baseline_year_be=data["baseline_year_be"],
            direction=data["direction"],
            data_source=data["data_source"],
            controllable=data["controllable"],
            order=data.get("order"),
            targets=self.target_values(),
        )


class StrategyForm(GoalForm):
    draft_type = intake.StrategyDraft

    class Meta:
        model = Strategy
        fields = ["issue", "number", "text", "alignments", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ValueChainForm(ComponentForm):
    parent_fields = {"issue": StrategicIssue}

    class Meta:
        model = ValueChain
        fields = ["issue", "name", "order"]


class ValueChainStageForm(ComponentForm):
    parent_fields = {"chain": ValueChain}

    class Meta:
        model = ValueChainStage
        fields = ["chain", "name", "order"]


class PlanProjectForm(ComponentForm):
    parent_fields = {"strategy": Strategy, "stage": ValueChainStage}

    class Meta:
        model = PlanProject
        fields = [
            "strategy",
            "stage",
            "name",
            "actor",
            "responsible",
            "budget",
            "first_year_be",
            "last_year_be",
            "order",
        ]


@dataclass(frozen=True)
class ComponentKind:
    slug: str
    model: type[Component]
    form: type[ComponentForm]
    section: str  # the anchor of the edition page's section it is shown in
    # The `intake.do_save_<kind>` of the kinds with an intake (their form's `draft()`).
    save: Callable[..., Component] | None = None


COMPONENT_KINDS: dict[str, ComponentKind] = {
    kind.slug: kind
    for kind in (
        ComponentKind("baseline", BaselineFigure, BaselineFigureForm, "section-baseline"),
        ComponentKind("swot", SwotItem, SwotItemForm, "section-swot"),
        ComponentKind("tows", TowsStrategy, TowsStrategyForm, "section-tows"),
        ComponentKind("positioning", Positioning, PositioningForm, "section-positioning"),
        ComponentKind(
            "issue", StrategicIssue, StrategicIssueForm, "section-issues", intake.do_save_issue
        ),
        ComponentKind("goal", Goal, GoalForm, "section-issues", intake.do_save_goal),
        ComponentKind(
            "indicator", Indicator, IndicatorForm, "section-issues", intake.do_save_indicator
        ),
        ComponentKind(
            "strategy", Strategy, StrategyForm, "section-issues", intake.do_save_strategy
        ),
        ComponentKind("chain", ValueChain, ValueChainForm, "section-chains"),
        ComponentKind("stage", ValueChainStage, ValueChainStageForm, "section-chains"),
        ComponentKind("project", PlanProject, PlanProjectForm, "section-projects"),
    )
}
