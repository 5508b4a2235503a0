"""What the letters' tests share: a draft letter of a province and a number register."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from oneplan.areas.models import Area
from oneplan.core.thai import be_year
from oneplan.letters import services
from oneplan.letters.models import Letter, NumberRegister
from oneplan.letters.numbering import RegisterDraft, save_register

RAYONG = "21"
CHONBURI = "20"


def this_year() -> int:
    return be_year(timezone.localdate().year)


def make_letter(user: Any, code: str = RAYONG, names: tuple[str, ...] = ()) -> Letter:
    """A draft letter of the province, its distribution list the names given."""
    return services._draft(
        user,
        Area.objects.get(code=code),
        subject="หนังสือทดสอบทะเบียนเลขที่",
        body="ข้อความทดสอบ",
        distribution="\n".join(names),
    )


def make_register(user: Any, code: str = RAYONG, **fields: Any) -> NumberRegister:
    values = {"prefix": "มท ๐๓๑๘", "year_be": this_year(), **fields}
    return save_register(user, RegisterDraft(province=Area.objects.get(code=code), **values))


def api_for(user: Any) -> APIClient:
    token, _created = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api
