"""The words of a project's title that make its budget an investment (งบลงทุน).

The DLA forms (ผ.02) have no budget category column: a row whose title has one of these words
(construction, improvement, installation, purchase of equipment ...) is "งบลงทุน", any other
"งบดำเนินงาน", and the proposer corrects a wrong guess in the system. The words are regime
data (`Regime.investment_words`, a lexicon the national secretariat edits in the admin); a
regime without its own uses `DEFAULT_INVESTMENT_WORDS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from oneplan.core.thai import normalize_text
from oneplan.cycles.models import Regime
from oneplan.cycles.rules import WordList

DEFAULT_INVESTMENT_WORDS: tuple[str, ...] = (
    "ก่อสร้าง",
    "ปรับปรุง",
    "ติดตั้ง",
    "จัดซื้อ",
    "จัดหา",
    "ครุภัณฑ์",
    "วางท่อ",
    "ขุดลอก",
    "ขยายเขต",
    "ปูผิว",
    "เสริมผิว",
    "ถนน",
    "สะพาน",
    "เขื่อน",
    "ท่อระบายน้ำ",
    "อาคาร",
)
INVESTMENT_WORDS = WordList(field="investment_words", default=DEFAULT_INVESTMENT_WORDS)


def investment_words(regime: Regime | None) -> tuple[str, ...]:
    """The regime's investment words, or `DEFAULT_INVESTMENT_WORDS` when it has none."""
    return INVESTMENT_WORDS.of(regime)


def _squashed(text: str) -> str:
    """As compared: no spaces, Arabic digits, lower case."""
    return re.sub(r"\s+", "", normalize_text(text, arabic_digits=True)).lower()


def is_investment_title(title: str, words: Iterable[str] = DEFAULT_INVESTMENT_WORDS) -> bool:
    """Whether the title has one of the words (spaces, digit style and case ignored)."""
    squashed = _squashed(title)
    return any(key in squashed for key in map(_squashed, words) if key)
