"""Setting up a fiscal year: the national secretariat opens the planning cycle of a new
fiscal year (B.E.) under a regime, by default the one in force. Asks the policy, audited.
(The year's calendars: `oneplan.cycles.calendars`.)"""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oneplan.cycles.models import Cycle, Regime
from oneplan.orgs import policy
from oneplan.orgs.policy import Action

# The B.E. years a cycle may name (2443 = 1900 C.E., as `core.dates` bounds dates).
FIRST_YEAR_BE, LAST_YEAR_BE = 2443, 2743
MSG_DENIED = gettext_lazy("Only the national secretariat opens a fiscal year.")


def current_regime() -> Regime | None:
    return Regime.objects.filter(is_current=True).first()


def create_cycle(
    user: Any, fiscal_year_be: int, regime: Regime | None = None, name: str = ""
) -> Cycle:
    """The planning cycle of a new fiscal year (named by the B.E. year it ends in), under
    `regime` or, not given, the current one. A year that has its cycle already is refused."""
    regime = regime or current_regime()
    cycle = Cycle(fiscal_year_be=fiscal_year_be, regime=regime, name=name.strip())
    policy.require(user, Action.ADD, cycle, MSG_DENIED)
    if regime is None:
        raise ValidationError({"regime": _("No regime is current: choose the cycle's regime.")})
    if not FIRST_YEAR_BE <= fiscal_year_be <= LAST_YEAR_BE:
        raise ValidationError(
            {
                "fiscal_year_be": _("The fiscal year B.E. %(year)s is not plausible.")
                % {"year": fiscal_year_be}
            }
        )
    duplicate = ValidationError(
        {
            "fiscal_year_be": _("The fiscal year B.E. %(year)s has its planning cycle already.")
            % {"year": fiscal_year_be}
        }
    )
    if Cycle.objects.filter(fiscal_year_be=fiscal_year_be).exists():
        raise duplicate
    cycle.full_clean(validate_unique=False)
    try:
        with transaction.atomic(), set_actor(user):
            cycle.save()
    except IntegrityError as exc:  # the same year opened at the same moment
        raise duplicate from exc
    return cycle
