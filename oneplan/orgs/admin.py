"""The admin, through the same permission policy as the pages, with each object's audit log.

Area models are registered here rather than in `areas`, because their permissions live
in `orgs` (the dependency arrow points from orgs to areas).
"""

from __future__ import annotations

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.areas.models import (
    Area,
    Cluster,
    ClusterMembership,
    ClusterRegime,
    LocalGovernment,
    LocalGovernmentKind,
    ProvinceProfile,
    Region,
)
from oneplan.orgs import policy, privileges
from oneplan.orgs.models import Organisation, RoleAssignment, User
from oneplan.orgs.policy import Action

NOT_YOURS = gettext_lazy(
    "You may not save this record here: it would lie outside what your role may change."
)


class PolicyAdminMixin(AuditlogHistoryAdminMixin):
    """Lists, views and edits only what the policy allows; links each object's audit log."""

    show_auditlog_history_link = True

    def get_queryset(self, request):
        return policy.restrict(super().get_queryset(request), request.user, Action.VIEW)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return request.user.is_staff
        return policy.can(request.user, Action.VIEW, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return policy.can_add_any(request.user, self.model)
        return policy.can(request.user, Action.CHANGE, obj)

    def has_add_permission(self, request):
        return policy.can_add_any(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return policy.can_add_any(request.user, self.model)
        return policy.can(request.user, Action.DELETE, obj)

    def has_module_permission(self, request):
        return request.user.is_staff

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The admin's form, refusing a save that would put the record outside the user's
        reach (a village moved to another province, a user to another province's body)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        problems = self.save_problems

        class PolicyForm(form):
            def _post_clean(self):
                super()._post_clean()
                for problem in problems(request, self.instance, obj):
                    self.add_error(None, problem)

        PolicyForm.__name__ = form.__name__
        return PolicyForm

    def save_problems(self, request, instance, before) -> list[str]:
        """Why this user may not save `instance` as edited (Thai), or nothing."""
        action = Action.CHANGE if before is not None else Action.ADD
        if not policy.can(request.user, action, instance):
            return [str(NOT_YOURS)]
        return []


class PolicyAdmin(PolicyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Area)
class AreaAdmin(PolicyAdmin):
    list_display = ["code", "name_th", "name_en", "level", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    readonly_fields = ["source"]
    raw_id_fields = ["parent"]


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 0
    raw_id_fields = ["province"]
    exclude = ["regime"]


@admin.register(Cluster)
class ClusterAdmin(PolicyAdmin):
    list_display = [
        "name_th",
        "regime",
        "region",
        "operations_centre",
        "operations_centre_confirmed",
    ]
    list_filter = ["regime", "operations_centre_confirmed"]
    search_fields = ["name_th", "name_en"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdmin):
    list_display = ["name_th", "kind", "area", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "short_name"]
    raw_id_fields = ["area", "parent", "local_government"]


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(PolicyAdmin):
    list_display = ["code", "__str__", "kind", "area"]
    list_filter = ["kind"]
    search_fields = ["code", "name_th"]
    raw_id_fields = ["area", "covers"]


def _role_problems(request, assignment: RoleAssignment) -> list[str]:
    if privileges.may_grant_role(request.user, assignment):
        return []
    return [
        _("Only a system administrator may give the role “%(role)s” here.")
        % {"role": assignment.get_role_display()}
    ]


class RoleFormSet(forms.BaseInlineFormSet):
    """Every role added, changed or removed must be one the signed-in user may give."""

    request = None

    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            candidates = [form.instance]
            if form.instance.pk and form.initial.get("role"):
                candidates.append(RoleAssignment.objects.get(pk=form.instance.pk))
            for assignment in candidates:
                for problem in _role_problems(self.request, assignment):
                    raise ValidationError(problem)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleFormSet
    extra = 0
    raw_id_fields = ["area", "organisation"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"request": request})

    def has_add_permission(self, request, obj=None):
        return policy.can_add_any(request.user, RoleAssignment)

    def has_change_permission(self, request, obj=None):
        return policy.can_add_any(request.user, RoleAssignment)

    def has_delete_permission(self, request, obj=None):
        return policy.can_add_any(request.user, RoleAssignment)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


@admin.register(User)
class UserAdmin(PolicyAdminMixin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("OnePlan", {"fields": ("position", "phone", "organisation")}),
    )
    # A new user is added with their name, body and position at once (then their roles).
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            "OnePlan",
            {"fields": ("first_name", "last_name", "email", "position", "phone", "organisation")},
        ),
    )
    raw_id_fields = ["organisation"]
    inlines = [RoleInline]

    def get_readonly_fields(self, request, obj=None):
        """Superuser, staff, groups and Django permissions: a system administrator's only."""
        fields = list(super().get_readonly_fields(request, obj))
        if not privileges.is_system_admin(request.user):
            fields += [f for f in privileges.PRIVILEGED_USER_FIELDS if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request, obj)
        return privileges.may_manage_user(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request, obj)
        return privileges.may_manage_user(request.user, obj) and super().has_delete_permission(
            request, obj
        )

    def save_problems(self, request, instance, before) -> list[str]:
        stored = User.objects.get(pk=instance.pk) if instance.pk else None
        return [
            *privileges.privilege_problems(request.user, stored, instance),
            *super().save_problems(request, instance, before),
        ]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(PolicyAdmin):
    list_display = ["user", "role", "area", "cluster", "organisation"]
    list_filter = ["role"]
    raw_id_fields = ["user", "area", "organisation"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not privileges.may_grant_role(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not privileges.may_grant_role(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_problems(self, request, instance, before) -> list[str]:
        problems = _role_problems(request, instance)
        if instance.user_id and not privileges.may_manage_user(request.user, instance.user):
            problems.append(str(NOT_YOURS))
        return [*problems, *super().save_problems(request, instance, before)]


for model in (
    ClusterRegime,
    Region,
    ProvinceProfile,
    LocalGovernmentKind,
):
    admin.site.register(model, PolicyAdmin)
