"""Organisations, users and the roles that give them an area scope.

The tenant in OnePlan is an *area scope*: a user acts for the nation, a cluster, a
province, a district, a local government or an agency. `RoleAssignment` says which;
`oneplan.orgs.policy` turns it into answers and querysets.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.areas.models import Area, AreaLevel, Cluster, LocalGovernment
from oneplan.core.restrict import RestrictedManager, RestrictedQuerySet


class OrgKind(models.TextChoices):
    NATIONAL_BODY = "national_body", _("National body")  # สศช. สงป. ก.พ.ร. มท.
    MINISTRY = "ministry", _("Ministry")  # กระทรวง
    DEPARTMENT = "department", _("Department")  # กรม
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")  # สำนักงานจังหวัด
    PROVINCIAL_AGENCY = "provincial_agency", _("Provincial agency")  # ส่วนราชการประจำจังหวัด
    CLUSTER_OFFICE = "cluster_office", _("Cluster strategy office")  # สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัด
    DISTRICT_OFFICE = "district_office", _("District office")  # ที่ว่าการอำเภอ
    LOCAL_GOVERNMENT = "local_government", _("Local government")  # อปท.
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")  # รัฐวิสาหกิจ
    PRIVATE_SECTOR = "private_sector", _("Private-sector body")  # ภาคเอกชน
    CIVIL_SOCIETY = "civil_society", _("Civil-society group")  # ภาคประชาสังคม
    ACADEMIC = "academic", _("Academic institution")  # สถาบันการศึกษา


class Organisation(models.Model):
    """An agency or other body, attached to the area it serves."""

    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    short_name = models.CharField(_("abbreviation"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrgKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="organisations"
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    local_government = models.OneToOneField(
        LocalGovernment,
        verbose_name=_("local government"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["area_id", "kind", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name_th"], name="organisation_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("orgs:organisation", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A body cannot be its own parent.")
        node, seen = self.parent, set()
        while node is not None and self.pk:
            if node.pk == self.pk or node.pk in seen:
                errors["parent"] = _("This parent would make a loop.")
                break
            seen.add(node.pk)
            node = node.parent
        if self.kind == OrgKind.CLUSTER_OFFICE and not self.cluster_id:
            errors["cluster"] = _("A cluster office needs its cluster.")
        if self.kind == OrgKind.LOCAL_GOVERNMENT and not self.local_government_id:
            errors["local_government"] = _("Choose the local government this body is.")
        if (
            self.kind == OrgKind.DISTRICT_OFFICE
            and self.area_id
            and self.area.level != AreaLevel.DISTRICT
        ):
            errors["area"] = _("A district office belongs to a district.")
        if errors:
            raise ValidationError(errors)


class UserManager(AuthUserManager.from_queryset(RestrictedQuerySet)):
    """Django's user manager (create_user, ...) with the policy's door, `.restrict()`."""

    use_in_migrations = True


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    position = models.CharField(_("position"), max_length=200, blank=True)  # ตำแหน่ง
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    NATIONAL_SECRETARIAT = (
        "national_secretariat",
        _("National secretariat"),
    )  # ฝ่ายเลขานุการ ก.น.จ./ก.บ.ภ.
    NATIONAL_REVIEWER = "national_reviewer", _("National reviewer")  # อ.ก.น.จ. / ผู้พิจารณาส่วนกลาง
    CLUSTER_STRATEGY = (
        "cluster_strategy",
        _("Cluster strategy officer"),
    )  # สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัด
    PROVINCIAL_STRATEGY = "provincial_strategy", _("Provincial strategy officer")  # กลุ่มงานยุทธศาสตร์ฯ
    DISTRICT_OFFICER = "district_officer", _("District officer")  # เจ้าหน้าที่อำเภอ
    AGENCY_OFFICER = "agency_officer", _("Agency officer")  # เจ้าหน้าที่ส่วนราชการ
    LAO_OFFICER = "lao_officer", _("Local-government officer")  # เจ้าหน้าที่ อปท.
    COMMITTEE_MEMBER = "committee_member", _("Committee member")  # กรรมการ
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # ผู้ดูแลระบบ


# What each role's assignment must name.
ROLE_NEEDS = {
    Role.NATIONAL_SECRETARIAT: set(),
    Role.NATIONAL_REVIEWER: set(),
    Role.SYSTEM_ADMIN: set(),
    Role.CLUSTER_STRATEGY: {"cluster"},
    Role.PROVINCIAL_STRATEGY: {"area:province"},
    Role.DISTRICT_OFFICER: {"area:district"},
    Role.AGENCY_OFFICER: {"organisation"},
    Role.LAO_OFFICER: {"organisation:local_government"},
    Role.COMMITTEE_MEMBER: {"area"},
}


class RoleAssignment(models.Model):
    """One role of one user, with the area, cluster or body it is scoped to."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        target = self.cluster or self.area or self.organisation
        return f"{self.get_role_display()}" + (f" – {target}" if target else "")

    def clean(self) -> None:
        needs = ROLE_NEEDS[Role(self.role)]
        errors: dict[str, str] = {}
        for need in needs:
            name, _sep, detail = need.partition(":")
            value = getattr(self, name)
            if value is None:
                errors[name] = _("This role needs this field.")
            elif name == "area" and detail and value.level != detail:
                errors[name] = _("This role needs an area of another level.")
            elif (
                name == "organisation"
                and detail == "local_government"
                and not value.local_government_id
            ):
                errors[name] = _("This role needs a local-government body.")
        if errors:
            raise ValidationError(errors)
