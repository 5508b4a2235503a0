"""Pages of participation: needs and their roll-up, the One Plan traceability page, the
Section 19 consultation (invitees, representatives, comments and answers) and its public
page with the comment form. Thin views through the one policy; the rules are in services.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oneplan.areas.models import Area, AreaLevel, province_code_of
from oneplan.core.dates import ThaiDateField, announce_date_readings
from oneplan.core.ratelimit import client_address
from oneplan.core.responses import download, errors_to_form, form_errors, service_call
from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Calendar, Cycle
from oneplan.documents.registry import XLSX
from oneplan.orgs import policy
from oneplan.orgs.policy import Action
from oneplan.participation import documents, services
from oneplan.participation import eligibility as el
from oneplan.participation.forms import ConsultationForm, InviteeForm
from oneplan.participation.models import (
    Answer,
    Consultation,
    Invitee,
    Moderation,
    Need,
    Nomination,
    PlanComment,
)
from oneplan.plans.forms import NumberField
from oneplan.plans.models import IssueCategory, StrategicIssue
from oneplan.projects.models import Proposal
from oneplan.projects.views import province_for

# --------------------------------------------------------------------------- needs

LEVELS = {"district": AreaLevel.DISTRICT, "subdistrict": AreaLevel.SUBDISTRICT}


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    province = province_for(request)
    needs = Need.objects.restrict(request.user).filter(area__code__startswith=province.code)
    area = request.GET.get("area", "")
    if area.isdigit() and area.startswith(province.code):
        needs = needs.filter(area__code__startswith=area)
    level = LEVELS.get(request.GET.get("by", ""), AreaLevel.DISTRICT)
    rows = services.rollup(needs, level)
    most = max((r.total for r in rows), default=0)
    return render(
        request,
        "participation/need_list.html",
        {
            "province": province,
            "needs": needs.select_related("area", "category").prefetch_related("proposals")[:300],
            "count": needs.count(),
            "rows": rows,
            "most": most,
            "by": "subdistrict" if level == AreaLevel.SUBDISTRICT else "district",
            "can_add": policy.can_add_any(request.user, Need),
        },
    )


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "cycle",
            "area",
            "title",
            "detail",
            "project_idea",
            "budget",
            "category",
            "priority",
            "source",
            "raised_by_level",
            "raised_on",
            "beyond_capacity",
            "proposals",
            "issues",
        ]
        field_classes = {"raised_on": ThaiDateField, "budget": NumberField}
        widgets = {
            "detail": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.SelectMultiple(attrs={"size": 6}),
            "issues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, province: Area, **kwargs):
        super().__init__(*args, **kwargs)
        reach = policy.area_reach(user, Action.CHANGE)
        areas = Area.objects.filter(
            code__startswith=province.code,
            level__in=[AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE],
            is_active=True,
        )
        if reach is not None and reach:
            from django.db.models import Q

            query = Q(pk__in=[])
            for prefix in reach:
                query |= Q(code__startswith=prefix)
            areas = areas.filter(query)
        self.fields["area"].queryset = areas.select_related("parent").order_by("code")
        self.fields["area"].label_from_instance = lambda a: (
            a.display_name if a.level == AreaLevel.DISTRICT else f"{a.display_name} ({a.parent})"
        )
        self.fields["cycle"].queryset = Cycle.objects.order_by("-fiscal_year_be")
        self.fields["category"].queryset = IssueCategory.objects.order_by("order")
        self.fields["proposals"].queryset = (
            Proposal.objects.filter(area__code__startswith=province.code)
            .restrict(user)
            .order_by("-cycle__fiscal_year_be", "reference_code")
        )
        self.fields["issues"].queryset = (
            StrategicIssue.objects.filter(edition__plan__province=province)
            .restrict(user)
            .order_by("-edition__plan__first_year_be", "priority")[:12]
        )

    def clean_title(self):
        return normalize_text(self.cleaned_data["title"])


@login_required
def need_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not policy.can_add_any(request.user, Need):
            raise Http404
        need = Need(raised_by=getattr(request.user, "organisation", None))
        province = province_for(request)
    else:
        need = policy.get_or_404(Need.objects.all(), request.user, Action.CHANGE, pk=pk)
        province = Area.objects.get(code=province_code_of(need.area_id))
    form = NeedForm(request.POST or None, instance=need, user=request.user, province=province)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        try:
            services.save_need(
                request.user,
                candidate,
                proposals=form.cleaned_data["proposals"],
                issues=form.cleaned_data["issues"],
            )
        except PermissionDenied:
            form.add_error("area", _("You may not record a need in this area."))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"/participation/needs/?province={province.code}")
    return render(request, "participation/need_form.html", {"form": form, "need": need})


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = policy.get_or_404(
        Need.objects.select_related("area", "category", "cycle"), request.user, pk=pk
    )
    return redirect(
        f"/participation/needs/trace/?province={province_code_of(need.area_id)}#need-{need.pk}"
    )


@login_required
def trace(request: HttpRequest) -> HttpResponse:
    """One Plan: each need, the proposals that answer it, their strategy and the national
    targets the strategy serves; as a page and as an Excel file."""
    province = province_for(request)
    needs = Need.objects.restrict(request.user).filter(area__code__startswith=province.code)
    rows = services.traceability(needs.order_by("area", "priority", "pk"))
    if request.GET.get("format") == "xlsx":
        data = documents.trace_xlsx(rows, province)
        return download(data, f"ความเชื่อมโยงความต้องการกับโครงการ-{province.name_th}.xlsx", XLSX)
    return render(request, "participation/trace.html", {"province": province, "rows": rows})


# --------------------------------------------------------------------------- consultations


def _consultation(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Consultation:
    return policy.get_or_404(
        Consultation.objects.select_related("cycle__regime", "province"),
        request.user,
        action,
        pk=pk,
    )


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    found = Consultation.objects.select_related("cycle", "province").restrict(request.user)
    return render(
        request,
        "participation/consultation_list.html",
        {"consultations": found, "can_add": policy.can_add_any(request.user, Consultation)},
    )


@login_required
def consultation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a Section 19 consultation (in a province the user may edit) or change one."""
    if pk is None:
        if not policy.can_add_any(request.user, Consultation):
            raise Http404
        consultation = Consultation()
    else:
        consultation = _consultation(request, pk, Action.CHANGE)
    form = ConsultationForm(request.POST or None, instance=consultation, user=request.user)
    if request.method == "POST" and form.is_valid():
        announce_date_readings(request, form)
        try:
            saved = services.save_consultation(
                request.user, form.save(commit=False), editions=form.cleaned_data["editions"]
            )
        except PermissionDenied:
            form.add_error("province", _("You may not hold a consultation in this province."))
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "participation/consultation_form.html",
        {
            "form": form,
            "consultation": consultation,
            "plans": services.plans_under_consultation(consultation) if consultation.pk else [],
        },
    )


class NominationForm(forms.ModelForm):
    """A nominee; the registration as one continuous period in the district, the positions
    held on the selection day."""

    registered_since = ThaiDateField(
        label=gettext_lazy("registered in the district since"), required=False
    )
    positions_held = forms.MultipleChoiceField(
        label=gettext_lazy("positions held on the selection day"),
        required=False,
        choices=sorted(el.POSITION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Nomination
        fields = [
            "kind",
            "district",
            "inside_municipality",
            "channel",
            "full_name",
            "gender",
            "birth_date",
            "nationality",
            "community_leader",
            "nominated_by",
        ]
        field_classes = {"birth_date": ThaiDateField}

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Area.objects.filter(
            parent=consultation.province, level=AreaLevel.DISTRICT, is_active=True
        ).order_by("code")
        self.fields["channel"].widget = forms.Select(
            choices=[("", "—"), *el.BUSINESS_CHANNEL_LABELS.items()]
        )

    def apply(self, nomination: Nomination) -> Nomination:
        since = self.cleaned_data.get("registered_since")
        nomination.registrations = (
            [
                {
                    "district_code": nomination.district_id,
                    "inside_municipality": nomination.inside_municipality,
                    "start": since.isoformat(),
                    "end": None,
                }
            ]
            if since and nomination.district_id
            else []
        )
        nomination.positions = [
            {"kind": kind, "start": None, "end": None}
            for kind in self.cleaned_data.get("positions_held") or []
        ]
        return nomination


@login_required
def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    can_change = policy.can(request.user, Action.CHANGE, consultation)
    nominations = (
        consultation.nominations.select_related("district")
        .restrict(request.user)
        .order_by("kind", "district", "full_name")
    )
    comments = consultation.comments.select_related("plan", "answered_by").restrict(request.user)
    form = NominationForm(consultation=consultation) if can_change or nominations else None
    return render(
        request,
        "participation/consultation.html",
        {
            "consultation": consultation,
            "can_change": can_change,
            "attendance": services.attendance(consultation),
            "invitees": consultation.invitees.select_related("organisation").order_by(
                "group", "name"
            ),
            "nominations": nominations,
            "comments": comments,
            "plans": services.plans_under_consultation(consultation),
            "nomination_form": form,
            "invitee_form": InviteeForm(consultation=consultation) if can_change else None,
            "answers": Answer.choices,
        },
    )


@login_required
@require_POST
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    form = NominationForm(request.POST, consultation=consultation)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(f"{consultation.get_absolute_url()}#nominations")
    announce_date_readings(request, form)
    nomination = form.apply(form.save(commit=False))
    nomination.consultation = consultation
    try:
        saved = services.save_nomination(request.user, nomination)
    except PermissionDenied as exc:
        raise Http404 from exc
    if saved.eligible:
        messages.success(request, _("The nominee meets the qualifications."))
    else:
        messages.error(
            request,
            _("The nominee does not qualify: %(reasons)s")
            % {"reasons": " ".join(r["message"] for r in saved.reasons)},
        )
    return redirect(f"{consultation.get_absolute_url()}#nominations")


@login_required
@require_POST
def nomination_select(request: HttpRequest, pk: int, nid: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    nomination = policy.get_or_404(
        Nomination.objects.filter(consultation=consultation), request.user, Action.CHANGE, pk=nid
    )
    with service_call(request, _("Saved.")):
        services.select(request.user, nomination, request.POST.get("selected") == "1")
    return redirect(f"{consultation.get_absolute_url()}#nominations")


@login_required
@require_POST
def invitations_build(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, Action.CHANGE)
    added = services.build_invitations(request.user, consultation)
    messages.success(request, _("%(count)s invitees were added.") % {"count": added})
    return _to_invitees(consultation)


@login_required
@require_POST
def invitee_attended(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    invitee = _invitee(request, pk, iid, Action.CHANGE)
    with service_call(request):
        services.mark_attended(request.user, invitee, request.POST.get("attended") == "1")
    return _to_invitees(invitee.consultation)


def _invitee(request: HttpRequest, pk: int, iid: int, action: Action) -> Invitee:
    """An invitee of a consultation the user may change (404 otherwise)."""
    consultation = _consultation(request, pk, Action.CHANGE)
    return policy.get_or_404(
        Invitee.objects.filter(consultation=consultation).select_related("consultation"),
        request.user,
        action,
        pk=iid,
    )


def _to_invitees(consultation: Consultation) -> HttpResponse:
    return redirect(f"{consultation.get_absolute_url()}#invitees")


@login_required
@require_POST
def invitee_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one invitee by hand (a guest in any of the five groups)."""
    consultation = _consultation(request, pk, Action.CHANGE)
    form = InviteeForm(request.POST, consultation=consultation)
    if not form.is_valid():
        form_errors(request, form)
        return _to_invitees(consultation)
    with service_call(request, _("Saved.")):
        services.add_invitee(
            request.user,
            consultation,
            form.cleaned_data["group"],
            form.cleaned_data["name"],
            form.cleaned_data["organisation"],
        )
    return _to_invitees(consultation)


@login_required
@require_POST
def invitee_remove(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    """Take an invitee off the list."""
    invitee = _invitee(request, pk, iid, Action.DELETE)
    with service_call(request, _("The invitee was taken off the list.")):
        services.remove_invitee(request.user, invitee)
    return _to_invitees(invitee.consultation)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    plan = next(
        (
            p
            for p in services.plans_under_consultation(consultation)
            if str(p.pk) == request.POST.get("plan")
        ),
        None,
    )
    if plan is None:
        messages.error(request, _("Choose the plan the comment is about."))
        return redirect(f"{consultation.get_absolute_url()}#comments")
    with service_call(request, _("Saved.")):
        services.add_comment(
            request.user,
            consultation,
            plan,
            request.POST.get("text", ""),
            component=normalize_text(request.POST.get("component", ""))[:300],
            commenter=normalize_text(request.POST.get("commenter", ""))[:200],
        )
    return redirect(f"{consultation.get_absolute_url()}#comments")


@login_required
@require_POST
def comment_answer(request: HttpRequest, cid: int) -> HttpResponse:
    comment = policy.get_or_404(PlanComment.objects.select_related("plan"), request.user, pk=cid)
    with service_call(request, _("Saved.")):
        if request.POST.get("moderate") in ("approve", "reject"):
            services.moderate(request.user, comment, request.POST["moderate"] == "approve")
        else:
            services.answer(
                request.user, comment, request.POST.get("answer", ""), request.POST.get("why", "")
            )
    target = comment.consultation.get_absolute_url() if comment.consultation else "/"
    return redirect(f"{target}#comment-{comment.pk}")


@login_required
def consultation_report(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    consultation = _consultation(request, pk)
    if kind not in ("docx", "pdf"):
        raise Http404
    data, content_type = documents.consultation_report(consultation, kind)
    return download(
        data, f"สรุปผลการประชุมปรึกษาหารือ-{consultation.province.name_th}.{kind}", content_type
    )


# --------------------------------------------------------------------------- public


class PublicCommentForm(forms.Form):
    plan = forms.ChoiceField(label=gettext_lazy("plan"))
    name = forms.CharField(
        label=gettext_lazy("your name (optional)"), required=False, max_length=200
    )
    text = forms.CharField(
        label=gettext_lazy("comment"),
        max_length=services.MAX_PUBLIC_COMMENT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for robots


def public_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The public part of a published consultation, and the comment form while it is open."""
    consultation = policy.get_or_404(
        Consultation.objects.select_related("cycle", "province"), request.user, pk=pk
    )
    if not consultation.published:
        raise Http404
    plans = services.plans_under_consultation(consultation)
    form = PublicCommentForm(request.POST or None)
    form.fields["plan"].choices = [(str(p.pk), p.title) for p in plans]
    if request.method == "POST":
        if form.is_valid() and not form.cleaned_data["website"]:
            plan = next(p for p in plans if str(p.pk) == form.cleaned_data["plan"])
            try:
                services.submit_public_comment(
                    consultation,
                    plan,
                    form.cleaned_data["text"],
                    form.cleaned_data["name"],
                    client_address(request),
                )
            except services.TooManyComments as exc:
                form.add_error(None, str(exc))
                return render(
                    request,
                    "participation/public_consultation.html",
                    _public_context(consultation, form),
                    status=429,
                )
            except (PermissionDenied, ValidationError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request, _("Thank you. Your comment will appear once it has been checked.")
                )
                return redirect(request.path)
    return render(
        request, "participation/public_consultation.html", _public_context(consultation, form)
    )


def _public_context(consultation: Consultation, form: PublicCommentForm) -> dict:
    return {
        "consultation": consultation,
        "form": form,
        "comments": consultation.comments.filter(moderation=Moderation.APPROVED).select_related(
            "plan"
        ),
    }


def public_home(request: HttpRequest) -> HttpResponse:
    """What anyone may read without an account: published calendars and consultations."""
    calendars = (
        Calendar.objects.select_related("cycle", "area", "cluster")
        .restrict(request.user)
        .filter(published=True)
    )
    consultations = (
        Consultation.objects.select_related("cycle", "province")
        .restrict(request.user)
        .filter(published=True)
    )
    return render(
        request,
        "participation/public_home.html",
        {
            "calendars": calendars.order_by("-cycle__fiscal_year_be", "title"),
            "consultations": consultations.order_by("-cycle__fiscal_year_be"),
        },
    )
