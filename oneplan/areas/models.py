"""Areas: the country's administrative tree and the strategic groupings above it.

Administrative areas (country, province, district, sub-district, village) live in one
table, `Area`, keyed by their DOPA code. DOPA codes nest (province 21, district 2101,
sub-district 210101, village 21010101), so "inside this area" is a prefix test that
works the same on SQLite and PostgreSQL. Province clusters and regions are not
administrative areas: they are strategic groupings that change with each government,
so they hang on a `ClusterRegime` (the 2009 set, the 2017 set, ...), chosen per
planning cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from oneplan.core.restrict import RestrictedManager, RestrictedQuerySet

COUNTRY_CODE = "TH"


def province_code_of(code: str) -> str | None:
    """The DOPA code of the province an area code lies in: a province's code is the first two
    digits of every code below it (10 → 1001 → 100101 → 10010101); None for the country."""
    return None if code == COUNTRY_CODE else code[:2]


def province_codes_of(codes: Iterable[str]) -> set[str]:
    """The provinces the area codes lie in (the country stands for no province)."""
    return {p for p in map(province_code_of, codes) if p is not None}


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("Country")  # ประเทศ
    PROVINCE = "province", _("Province")  # จังหวัด
    DISTRICT = "district", _("District")  # อำเภอ
    SUBDISTRICT = "subdistrict", _("Sub-district")  # ตำบล
    VILLAGE = "village", _("Village")  # หมู่บ้าน


# Length of the DOPA code at each level below the country.
CODE_LENGTH = {
    AreaLevel.PROVINCE: 2,
    AreaLevel.DISTRICT: 4,
    AreaLevel.SUBDISTRICT: 6,
    AreaLevel.VILLAGE: 8,
}
PARENT_LEVEL = {
    AreaLevel.PROVINCE: AreaLevel.COUNTRY,
    AreaLevel.DISTRICT: AreaLevel.PROVINCE,
    AreaLevel.SUBDISTRICT: AreaLevel.DISTRICT,
    AreaLevel.VILLAGE: AreaLevel.SUBDISTRICT,
}


class AreaQuerySet(RestrictedQuerySet["Area"]):
    def provinces(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.PROVINCE)

    def districts(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.DISTRICT)

    def subdistricts(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.SUBDISTRICT)

    def active(self) -> AreaQuerySet:
        return self.filter(is_active=True)

    def within(self, area: Area) -> AreaQuerySet:
        """The area itself and every area inside it."""
        if area.level == AreaLevel.COUNTRY:
            return self.all()
        return self.filter(code__startswith=area.code)


class Area(models.Model):
    """An administrative area: country, province, district, sub-district or village."""

    code = models.CharField(_("DOPA code"), max_length=8, primary_key=True)
    level = models.CharField(_("level"), max_length=12, choices=AreaLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_th = models.CharField(_("Thai name"), max_length=150, db_index=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True, db_index=True)
    # Village number (หมู่ที่) for villages; empty for the other levels.
    village_no = models.PositiveSmallIntegerField(_("village no."), null=True, blank=True)
    # An area DOPA abolished keeps its row (old records point at it) but is inactive.
    is_active = models.BooleanField(_("in use"), default=True)
    source = models.CharField(_("source"), max_length=60, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="country") | models.Q(parent__isnull=False),
                name="area_has_parent_below_country",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The Thai name with the usual prefix (จังหวัด/อำเภอ/ตำบล/หมู่ที่)."""
        if self.level == AreaLevel.PROVINCE:
            return self.name_th if self.code == "10" else f"จังหวัด{self.name_th}"
        if self.level == AreaLevel.DISTRICT:
            return self.name_th if self.name_th.startswith("เขต") else f"อำเภอ{self.name_th}"
        if self.level == AreaLevel.SUBDISTRICT:
            in_bangkok = self.code.startswith("10")
            return f"{'แขวง' if in_bangkok else 'ตำบล'}{self.name_th}"
        if self.level == AreaLevel.VILLAGE:
            return f"หมู่ที่ {self.village_no} บ้าน{self.name_th}" if self.village_no else self.name_th
        return self.name_th

    def clean(self) -> None:
        expected = CODE_LENGTH.get(AreaLevel(self.level))
        if expected and len(self.code) != expected:
            raise ValidationError(
                {"code": _("The code of this level must have %(n)s digits.") % {"n": expected}}
            )
        if self.parent_id and self.level != AreaLevel.COUNTRY:
            if self.parent.level != PARENT_LEVEL[AreaLevel(self.level)]:
                raise ValidationError({"parent": _("The parent area is at the wrong level.")})
            if self.parent.level != AreaLevel.COUNTRY and not self.code.startswith(
                self.parent.code
            ):
                raise ValidationError({"code": _("The code must start with the parent's code.")})

    def get_absolute_url(self) -> str:
        return reverse("areas:area", kwargs={"code": self.code})

    def contains(self, other: Area) -> bool:
        """True when `other` is this area or lies inside it."""
        if self.level == AreaLevel.COUNTRY:
            return True
        return other.code.startswith(self.code)

    @property
    def province_code(self) -> str | None:
        return province_code_of(self.code)

    def ancestors(self) -> list[Area]:
        """From the country down to the parent of this area."""
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class ProvinceProfile(models.Model):
    """What a province keeps about itself: used on letters and documents.

    The province's names come from geothai and are read-only; this is the part its
    strategy group edits (and the audit trail records).
    """

    province = models.OneToOneField(
        Area,
        verbose_name=_("province"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="profile",
        limit_choices_to={"level": AreaLevel.PROVINCE},
    )
    # อักษรย่อจังหวัด used in letter numbers: ที่ รย ๐๐๑๗.๒/ว ...
    letter_prefix = models.CharField(_("letter prefix"), max_length=10, blank=True)
    governor_name = models.CharField(_("governor"), max_length=200, blank=True)
    office_address = models.TextField(_("provincial office address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    vision = models.TextField(_("vision (short)"), blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("province profile")
        verbose_name_plural = _("province profiles")

    def __str__(self) -> str:
        return str(self.province)

    def get_absolute_url(self) -> str:
        return self.province.get_absolute_url()


class ClusterRegime(models.Model):
    """A set of province clusters announced together (2009, 2017, ...)."""

    code = models.CharField(_("code"), max_length=10, unique=True)  # "2552", "2560"
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    # The regime in force is the default when a cycle names none.
    in_force = models.BooleanField(_("in force"), default=False)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("cluster regime")
        verbose_name_plural = _("cluster regimes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["in_force"], condition=models.Q(in_force=True), name="one_regime_in_force"
            )
        ]

    def __str__(self) -> str:
        return self.name_th


class Region(models.Model):
    """A development region (ภาค) of a regime."""

    regime = models.ForeignKey(ClusterRegime, on_delete=models.CASCADE, related_name="regions")
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "name_th"], name="region_unique_name")
        ]

    def __str__(self) -> str:
        return self.name_th


class Cluster(models.Model):
    """A province cluster (กลุ่มจังหวัด): a strategic-management area, not an administrative one."""

    regime = models.ForeignKey(
        ClusterRegime,
        verbose_name=_("cluster set"),
        on_delete=models.CASCADE,
        related_name="clusters",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clusters",
    )
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    provinces = models.ManyToManyField(
        Area, through="ClusterMembership", related_name="clusters", verbose_name=_("provinces")
    )
    # จังหวัดที่เป็นศูนย์ปฏิบัติการของกลุ่มจังหวัด; its governor heads the cluster.
    operations_centre = models.ForeignKey(
        Area,
        verbose_name=_("operations-centre province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AreaLevel.PROVINCE},
    )
    operations_centre_confirmed = models.BooleanField(
        _("operations centre confirmed"), default=False
    )
    # The head is the operations-centre governor unless stated (ผอ.ศอ.บต. for the southern border).
    head_title = models.CharField(_("head of cluster"), max_length=200, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("province cluster")
        verbose_name_plural = _("province clusters")
        ordering = ["regime", "order"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "name_th"], name="cluster_unique_name")
        ]

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("areas:cluster", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.operations_centre_id and self.pk:
            if not self.memberships.filter(province_id=self.operations_centre_id).exists():
                raise ValidationError(
                    {
                        "operations_centre": _(
                            "The operations centre must be a member of the cluster."
                        )
                    }
                )

    def province_codes(self) -> list[str]:
        return list(self.memberships.values_list("province_id", flat=True).order_by("province_id"))

    @property
    def head_display(self) -> str:
        if self.head_title:
            return self.head_title
        if self.operations_centre_id:
            return f"ผู้ว่าราชการ{self.operations_centre.display_name}"
        return ""


class ClusterMembership(models.Model):
    """A province's place in a cluster of one regime: at most one cluster per regime."""

    regime = models.ForeignKey(ClusterRegime, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    province = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="cluster_memberships",
        limit_choices_to={"level": AreaLevel.PROVINCE},
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")
        ordering = ["cluster", "province"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "province"], name="one_cluster_per_regime")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} – {self.province}"

    def save(self, *args, **kwargs) -> None:
        self.regime_id = self.cluster.regime_id
        super().save(*args, **kwargs)


class LocalGovernmentKind(models.Model):
    """A kind of local government (อบจ., เทศบาลนคร/เมือง/ตำบล, อบต., กทม., พัทยา)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    short_th = models.CharField(_("Thai abbreviation"), max_length=20)
    name_en = models.CharField(_("English name"), max_length=100)
    # The area level it normally covers (province for อบจ., sub-district for อบต., ...).
    covers_level = models.CharField(_("covers"), max_length=12, choices=AreaLevel.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("kind of local government")
        verbose_name_plural = _("kinds of local government")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name_th


class LocalGovernment(models.Model):
    """A local government (องค์กรปกครองส่วนท้องถิ่น, อปท.). Added by import."""

    code = models.CharField(_("DLA code"), max_length=10, unique=True)  # รหัส อปท. 7 หลัก
    kind = models.ForeignKey(LocalGovernmentKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    # The area it sits in (the province for an อบจ., its district or sub-district otherwise).
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="local_governments"
    )
    covers = models.ManyToManyField(
        Area, verbose_name=_("areas covered"), blank=True, related_name="+"
    )

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.kind.short_th}{self.name_th}"
