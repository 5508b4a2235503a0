"""The admin, through the same permission policy as the pages, with each object's audit log.

Area models are registered here rather than in `areas`, because their permissions live
in `orgs` (the dependency arrow points from orgs to areas).
"""

from __future__ import annotations

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, RoleAssignment, User
from oneplan.orgs.policy import Action


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


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["area", "organisation"]


@admin.register(User)
class UserAdmin(PolicyAdminMixin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("OnePlan", {"fields": ("position", "phone", "organisation")}),
    )
    raw_id_fields = ["organisation"]
    inlines = [RoleInline]


for model in (
    ClusterRegime,
    Region,
    ProvinceProfile,
    LocalGovernmentKind,
    RoleAssignment,
):
    admin.site.register(model, PolicyAdmin)
