"""Pages for plans: thin views that parse, call a service and render.

Every object is read through the permission policy (`policy.get_or_404` / `restrict`), so
another province's plan answers 404 exactly like a missing one.
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oneplan.audit.versioning import StaleVersion
from oneplan.core.dates import announce_date_readings
from oneplan.core.responses import download, form_errors
from oneplan.documents.registry import CSV
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.plans import comparison, intake, services
from oneplan.plans.chain import build_chain, cluster_plan_for
from oneplan.plans.diff import diff_editions
from oneplan.plans.forms import (
    COMPONENT_KINDS,
    ComponentKind,
    EditionTextForm,
    PlanCreateForm,
    ReviewForm,
    TransitionForm,
)
from oneplan.plans.models import (
    Plan,
    PlanEdition,
    PlanKind,
    SwotKind,
    TowsQuadrant,
)
from oneplan.plans.quality import NoCheckRules, check_edition


def _edition(request, pk: int, action: Action = Action.VIEW) -> PlanEdition:
    return policy.get_or_404(
        PlanEdition.objects.select_related("plan__regime", "plan__province", "plan__cluster"),
        request.user,
        action,
        pk=pk,
    )


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --------------------------------------------------------------------------- plans


@login_required
def plan_list(request):
    plans = (
        Plan.objects.select_related("province", "cluster", "regime")
        .restrict(request.user)
        .prefetch_related("editions")
    )
    kind = request.GET.get("kind")
    if kind in PlanKind.values:
        plans = plans.filter(kind=kind)
    year = request.GET.get("year", "").strip()
    if year.isdigit():
        plans = plans.filter(first_year_be__lte=int(year), last_year_be__gte=int(year))
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans.order_by("-first_year_be", "kind", "province_id", "cluster_id")[:500],
            "kinds": PlanKind.choices,
            "kind": kind,
            "year": year,
            "can_add": policy.can_add_any(request.user, Plan),
        },
    )


@login_required
def plan_create(request):
    if not policy.can_add_any(request.user, Plan):
        raise Http404
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                request.user,
                owner=form.owner_object(),
                first_year_be=form.cleaned_data["first_year_be"],
                regime=form.cleaned_data["regime"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        except PermissionDenied:
            form.add_error("owner", _("You may not write a plan for this province or cluster."))
        else:
            messages.success(request, _("The plan was created with its original edition."))
            return redirect(plan.editions.get(number=0))
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = policy.get_or_404(
        Plan.objects.select_related("province", "cluster", "regime"), request.user, pk=pk
    )
    editions = list(plan.editions.prefetch_related("transitions__actor").order_by("number"))
    can_change = policy.can(request.user, Action.CHANGE, plan)
    review_form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise Http404
        if review_form.is_valid():
            try:
                edition = services.start_review(
                    request.user, plan, review_form.cleaned_data["review_year_be"]
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    review_form.add_error(None, message)
            else:
                messages.success(
                    request, _("The review was started as a copy of the last approved edition.")
                )
                return redirect(edition)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "editions": editions,
            "can_change": can_change,
            "review_form": review_form,
            "can_review": can_change and services.last_approved_edition(plan) is not None,
            "cluster_plan": cluster_plan_for(plan),
        },
    )


# --------------------------------------------------------------------------- editions


@login_required
def edition_detail(request, pk: int):
    edition = _edition(request, pk)
    chain = build_chain(edition)
    can_edit = policy.can(request.user, Action.CHANGE, edition)
    can_move = policy.can(request.user, Action.CHANGE, edition.plan)
    next_statuses = services.next_statuses(edition)
    baseline = list(edition.baseline_figures.all())
    swot = list(edition.swot_items.all())
    tows = list(edition.tows_strategies.all())
    return render(
        request,
        "plans/edition_detail.html",
        {
            "edition": edition,
            "plan": edition.plan,
            "chain": chain,
            "can_edit": can_edit,
            "baseline_groups": _group(baseline, "dimension", "get_dimension_display"),
            "swot_groups": [
                (label, [i for i in swot if i.kind == value]) for value, label in SwotKind.choices
            ],
            "tows_groups": [
                (label, [i for i in tows if i.quadrant == value])
                for value, label in TowsQuadrant.choices
            ],
            "positionings": edition.positionings.all(),
            "value_chains": edition.value_chains.select_related("issue").prefetch_related(
                "stages__projects"
            ),
            "projects": edition.projects.select_related("strategy", "stage"),
            "transition_form": TransitionForm(next_statuses=next_statuses)
            if can_move and next_statuses
            else None,
            "transitions": edition.transitions.select_related("actor"),
            "other_editions": edition.plan.editions.exclude(pk=edition.pk).order_by("number"),
            "kinds": COMPONENT_KINDS,
        },
    )


def _group(items, attr: str, display: str) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(getattr(item, display)(), []).append(item)
    return list(groups.items())


@login_required
def edition_text_edit(request, pk: int):
    edition = _edition(request, pk, Action.CHANGE)
    form = EditionTextForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_edition_text(
                request.user, form.instance, form.model_fields(), form.expected_version()
            )
        except StaleVersion as exc:  # someone saved it since it was read: keep what was typed
            form.refuse(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(edition)
    return render(request, "plans/edition_text_form.html", {"form": form, "edition": edition})


@login_required
@require_POST
def edition_transition(request, pk: int):
    edition = _edition(request, pk)
    form = TransitionForm(request.POST, next_statuses=services.next_statuses(edition))
    if form.is_valid():
        announce_date_readings(request, form)
        try:
            services.transition(
                request.user,
                edition,
                form.cleaned_data["to_status"],
                decided_by=form.cleaned_data["decided_by"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The status was changed and recorded."))
    else:
        form_errors(request, form)
    return redirect(edition)


# --------------------------------------------------------------------------- components


def _save_component(user, edition: PlanEdition, spec: ComponentKind, form, obj):
    """Through the kind's intake when it has one, else as a plain versioned record."""
    if spec.save is not None:
        existing = obj if obj.pk is not None else None
        return spec.save(user, edition, form.draft(), existing, form.expected_version())
    with transaction.atomic(), set_actor(user):
        saved = services.save_component(
            user, form.save(commit=False), form.model_fields(), form.expected_version()
        )
        form.save_m2m()
    return saved


@login_required
def component_edit(request, pk: int, kind: str, cid: int | None = None):
    edition = _edition(request, pk)
    spec = COMPONENT_KINDS.get(kind)
    if spec is None:
        raise Http404
    if cid is None:
        obj = spec.model(edition=edition)
        if not policy.can(request.user, Action.ADD, obj):
            raise Http404
    else:
        obj = policy.get_or_404(
            spec.model.objects.filter(edition=edition), request.user, Action.CHANGE, pk=cid
        )
    form = spec.form(request.POST or None, instance=obj, edition=edition, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_component(request.user, edition, spec, form, obj)
        except StaleVersion as exc:  # someone saved it since it was read: keep what was typed
            form.refuse(exc)
        except intake.IntakeRefused as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{edition.get_absolute_url()}#{saved._meta.model_name}-{saved.pk}")
    return render(
        request,
        "plans/component_form.html",
        {"form": form, "edition": edition, "obj": obj, "spec": spec},
    )


@login_required
@require_POST
def component_delete(request, pk: int, kind: str, cid: int):
    edition = _edition(request, pk)
    spec = COMPONENT_KINDS.get(kind)
    if spec is None:
        raise Http404
    obj = policy.get_or_404(
        spec.model.objects.filter(edition=edition), request.user, Action.DELETE, pk=cid
    )
    with set_actor(request.user):
        obj.delete()
    messages.success(request, _("Deleted: %(item)s") % {"item": obj})
    return redirect(f"{edition.get_absolute_url()}#{spec.section}")


# --------------------------------------------------------------------------- check, diff, chain


@login_required
def edition_check(request, pk: int):
    edition = _edition(request, pk)
    try:
        result, refusal = check_edition(edition), None
    except NoCheckRules as exc:  # a regime without rules grades nothing: say why
        result, refusal = None, exc.messages[0]
    return render(
        request,
        "plans/edition_check.html",
        {"edition": edition, "plan": edition.plan, "result": result, "refusal": refusal},
    )


@login_required
def edition_diff(request, pk: int):
    edition = _edition(request, pk)
    others = edition.plan.editions.exclude(pk=edition.pk).order_by("-number")
    against_id = request.GET.get("against") or (edition.based_on_id and str(edition.based_on_id))
    against = None
    if against_id and str(against_id).isdigit():
        against = others.filter(pk=int(against_id)).first()
    if against is None:
        against = others.filter(number__lt=edition.number).first()
    result = diff_editions(against, edition) if against else None
    return render(
        request,
        "plans/edition_diff.html",
        {
            "edition": edition,
            "plan": edition.plan,
            "against": against,
            "others": others,
            "diff": result,
        },
    )


@login_required
def edition_chain(request, pk: int):
    edition = _edition(request, pk)
    return render(
        request,
        "plans/edition_chain.html",
        {"edition": edition, "plan": edition.plan, "chain": build_chain(edition)},
    )


# --------------------------------------------------------------------------- national view


@login_required
def national_comparison(request):
    year = request.GET.get("year", "").strip()
    data = comparison.compare(request.user, int(year) if year.isdigit() else None)
    if request.GET.get("format") == "csv":
        return download(comparison.as_csv(data), "plan-comparison.csv", CSV)
    return render(request, "plans/comparison.html", {"data": data})
