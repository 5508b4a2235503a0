"""The national secretariat edits the committee types of each regime and their composition
rules (DOMAIN.md §2, §9), through the one policy: the types are read by everyone, changed
only by the national secretariat (`permissions.py`). The rules are checked on save by
`composition.rule_problems` (in `CommitteeType.clean`)."""

from __future__ import annotations

from django.contrib import admin

from oneplan.committees.models import CommitteeType
from oneplan.orgs.admin import PolicyAdmin


@admin.register(CommitteeType)
class CommitteeTypeAdmin(PolicyAdmin):
    list_display = ["short_name", "name_th", "regime", "level", "term_years", "order"]
    list_filter = ["regime", "level"]
    search_fields = ["code", "short_name", "name_th"]
    ordering = ["regime", "order"]
