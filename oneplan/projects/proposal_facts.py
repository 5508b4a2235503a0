"""What a project text says about *which* project it is: its places, numbers, target group,
kind of work and object (issue 13). Plain Python, no Django: the similarity search reads the
facts of two proposals and compares them; `bench/` and the training script run it without a
database.

Two texts that share their words may still be two projects: a road in หมู่ที่ 4 and the same
road type in หมู่ที่ 7, a border-trade fair with Laos and one with Cambodia, a training for
farmers and one for the elderly. Two texts in other words may be one project: ค.ส.ล. and
คอนกรีตเสริมเหล็ก, ม.4 and หมู่ที่ 4, อบรม and ฝึก. So a text is first *normalised* with a
lexicon (abbreviations, government synonyms), then its *facts* are read:

* places: village numbers (หมู่ที่ N, ranges and lists), named villages (บ้าน…),
  sub-districts (ตำบล/ต. …), districts (อำเภอ/อ. …), provinces (จังหวัด/จ. …, or a
  province's name from the gazetteer), routes (สาย…, ซอย…), named sites (วัด…, โรงเรียน…,
  ชุมชน…) and countries;
* whether the text says it spans places (ทุกหมู่บ้าน, ทั้งตำบล, หมู่ที่ 1-5);
* numbers: quantities with their unit (1,200 เมตร), phases (ระยะที่ 2), years (2568), and the
  other numbers of the title (อาคารเรียน 2);
* the kind of action (build, repair, train, promote, buy, study …), its object (road, weir,
  market …) and the target group (farmers, the elderly …), from the lexicon.

`compare` lists the signals two facts give — "same sub-district", "different villages",
"same kind of work" — each with its direction, for the learned model of
`projects.pair_model` and for the explanation shown to the user.

The lexicon is data (`data/lexicon.csv`, loaded into `projects.LexiconEntry`, which the
national secretariat extends in the admin); `Lexicon.from_rows` builds it from either.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.core.thai import normalize_text
from oneplan.projects.text_similarity import DOTTED_ABBREVIATION_RE

LEXICON_CSV = Path(__file__).resolve().parent / "data" / "lexicon.csv"

KINDS = ("abbreviation", "synonym", "action", "object", "target", "country")

# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Lexicon:
    """Abbreviations (without their dots) and synonyms, each read as its canonical word;
    the words that name a kind of action, an object, a target group or a country."""

    abbreviations: Mapping[str, str] = field(default_factory=dict)
    synonyms: Mapping[str, str] = field(default_factory=dict)
    actions: Mapping[str, str] = field(default_factory=dict)
    objects: Mapping[str, str] = field(default_factory=dict)
    targets: Mapping[str, str] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> Lexicon:
        """From (kind, term, canonical) rows; a row of an unknown kind is refused."""
        found: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for kind, term, canonical in rows:
            if kind not in found:
                raise ValueError(f"unknown lexicon kind {kind!r}")
            term = normalize_text(term, arabic_digits=True).lower()
            if kind == "abbreviation":
                term = term.replace(".", "")
            if term:
                found[kind][term] = normalize_text(canonical).strip()
        return cls(
            abbreviations=found["abbreviation"],
            synonyms=found["synonym"],
            actions=found["action"],
            objects=found["object"],
            targets=found["target"],
            countries=found["country"],
        )

    @classmethod
    def from_csv(cls, path: Path = LEXICON_CSV) -> Lexicon:
        with path.open(encoding="utf-8", newline="") as f:
            return cls.from_rows((r["kind"], r["term"], r["canonical"]) for r in csv.DictReader(f))

    def _longest_first(self, mapping: Mapping[str, str]) -> list[tuple[str, str]]:
        return sorted(mapping.items(), key=lambda item: -len(item[0]))


_PACKAGED: Lexicon | None = None


def packaged_lexicon() -> Lexicon:
    """The lexicon of `data/lexicon.csv` (read once)."""
    global _PACKAGED
    if _PACKAGED is None:
        _PACKAGED = Lexicon.from_csv()
    return _PACKAGED


# --------------------------------------------------------------------------- normalising

_THAI = "\u0e01-\u0e4e"
# ค.ส.ล. / ค.ส.ล / อสม. / ต. / ม.4 — Thai letters with dots, not inside a word: the search's.
_DOTTED_RE = DOTTED_ABBREVIATION_RE


def normalise(text: str, lexicon: Lexicon) -> str:
    """The text with Arabic digits, abbreviations written out and synonyms replaced by
    their canonical words, so that two ways of writing one thing read the same."""
    text = normalize_text(text, arabic_digits=True).lower()

    def expand(match: re.Match[str]) -> str:
        key = match.group(0).replace(".", "")
        expansion = lexicon.abbreviations.get(key)
        return f" {expansion} " if expansion else match.group(0)

    text = _DOTTED_RE.sub(expand, text)
    for term, canonical in lexicon._longest_first(lexicon.abbreviations):
        if len(term) >= 3 and term in text:  # undotted or after a word: ถนนคสล., อสม
            text = re.sub(rf"{re.escape(term)}(?:\.|(?![{_THAI}]))", f" {canonical} ", text)
    for term, canonical in lexicon._longest_first(lexicon.synonyms):
        if term in text:
            text = text.replace(term, canonical)
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- facts

_NAME = rf"[{_THAI}a-z]"
_STOP = r"(?=\s|$|[,()/]|หมู่|ตำบล|อำเภอ|จังหวัด|บ้าน(?!เรือน)|ถนน|ซอย|สาย|ระยะ|ปี|ประจำ|\d)"
_VILLAGE_NO_RE = re.compile(
    r"หมู่(?:ที่|บ้านที่)?\s*(\d{1,2})((?:\s*(?:,|และ|-|–|ถึง)\s*(?:หมู่(?:ที่)?\s*)?\d{1,2})*)"
)
_MORE_NUMBERS_RE = re.compile(r"(,|และ|-|–|ถึง)\s*(?:หมู่(?:ที่)?\s*)?(\d{1,2})")
_VILLAGE_NAME_RE = re.compile(rf"(?:^|(?<=[\s\d]))บ้าน(?!เรือน|พัก|เกิด)({_NAME}{{2,25}}?){_STOP}")
_SUBDISTRICT_RE = re.compile(rf"ตำบล\s*({_NAME}{{2,25}}?){_STOP}")
_DISTRICT_RE = re.compile(rf"อำเภอ\s*({_NAME}{{2,25}}?){_STOP}")
_PROVINCE_RE = re.compile(rf"จังหวัด\s*({_NAME}{{2,25}}?){_STOP}")
# A route's name with its number (ซอยสวรรค์วิถี 65 and 44 are two lanes).
_ROUTE_RE = re.compile(r"(?:สาย(?:ทาง)?|ซอย)\s*([^\s,()]{1,40}(?:\s*\d+(?:/\d+)?(?![\d.]))?)")
_SITE_RE = re.compile(rf"(?<![{_THAI}])(วัด|โรงเรียน|ชุมชน|โรงพยาบาล)({_NAME}{{2,25}}?){_STOP}")
_SPAN_RE = re.compile(r"ทุกหมู่|ทุกชุมชน|ทุกตำบล|ทุกอำเภอ|ทั้งตำบล|ทั้งอำเภอ|ทั้งจังหวัด|ทั่วทั้ง|ในเขต|พื้นที่ต่าง ๆ")
# "5 หมู่บ้าน", "3 ตำบล": a count of places (not "หมู่ที่ 4 ตำบลหัวเขา": a village's number).
_PLACE_COUNT_RE = re.compile(r"(หมู่(?:ที่)?\s*)?\d+\s*(?:หมู่บ้าน|ตำบล|ชุมชน)(?=\s|$|[,()])")
_UNITS = (
    "ตารางเมตร|ลูกบาศก์เมตร|กิโลเมตร|เมตร|ไร่|แห่ง|จุด|คน|ราย|หลัง|เครื่อง|คัน|ชุด|บ่อ|ครัวเรือน"
    "|ต้น|ตัว|ห้อง|ครั้ง|วัน|รุ่น"
)
_QUANTITY_RE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*({_UNITS})")
_PHASE_RE = re.compile(r"(?:ระยะที่|เฟส|phase)\s*(\d{1,2})")
_YEAR_RE = re.compile(r"(?<!\d)(25[4-9]\d|20[1-4]\d)(?!\d)")
_NUMBER_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_BORING_NAMES = frozenset({"ที่", "ละ", "เดียว", "นี้", "ต่าง", "ใกล้เคียง", "เรือน"})


@dataclass(frozen=True)
class Facts:
    """What a text says about which project it is (empty sets: the text does not say)."""

    villages: frozenset[int] = frozenset()  # หมู่ที่ N
    village_names: frozenset[str] = frozenset()  # บ้าน…
    subdistricts: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    routes: frozenset[str] = frozenset()  # สาย…, ซอย…
    sites: frozenset[str] = frozenset()  # วัด…, โรงเรียน…, ชุมชน…
    countries: frozenset[str] = frozenset()
    spans: bool = False  # the text says it covers several places (ทุกหมู่บ้าน, หมู่ 1-5)
    quantities: frozenset[tuple[str, str]] = frozenset()  # (number, unit)
    phases: frozenset[int] = frozenset()
    years: frozenset[int] = frozenset()
    numbers: tuple[str, ...] = ()  # the title's other numbers, sorted
    actions: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()


def _names(pattern: re.Pattern[str], text: str) -> set[str]:
    found = set()
    for match in pattern.finditer(text):
        name = match.group(match.lastindex or 1).strip()
        if name and name not in _BORING_NAMES:
            found.add(name)
    return found


def _villages(text: str) -> tuple[set[int], bool]:
    """The village numbers and whether the text names several (a range or a list)."""
    numbers: set[int] = set()
    several = False
    for match in _VILLAGE_NO_RE.finditer(text):
        first = int(match.group(1))
        numbers.add(first)
        previous = first
        for sep, value in _MORE_NUMBERS_RE.findall(match.group(2) or ""):
            number = int(value)
            several = True
            if sep in ("-", "–", "ถึง") and previous < number <= previous + 30:
                numbers.update(range(previous, number + 1))
            else:
                numbers.add(number)
            previous = number
    return numbers, several or len(numbers) > 1


def _spans(text: str) -> bool:
    """Whether the text says the project covers several places."""
    if _SPAN_RE.search(text):
        return True
    return any(not m.group(1) for m in _PLACE_COUNT_RE.finditer(text))


def _words_of(text: str, mapping: Mapping[str, str]) -> set[str]:
    return {code for term, code in mapping.items() if term in text}


def read_facts(
    title: str,
    text: str = "",
    lexicon: Lexicon | None = None,
    provinces: Iterable[str] = (),
) -> Facts:
    """The facts of a project: places and numbers from its title (from its text when the
    title names no place), action, object and target group from its title (from its text
    when the title has none). `provinces`: the names of the provinces to recognise without
    the word จังหวัด (from the loaded areas)."""
    lexicon = lexicon or packaged_lexicon()
    head = normalise(title, lexicon)
    body = normalise(text, lexicon) if text else ""

    def places(source: str) -> dict[str, set]:
        villages, several = _villages(source)
        found_provinces = _names(_PROVINCE_RE, source) | {
            name for name in provinces if len(name) >= 5 and name in source
        }
        return {
            "villages": villages,
            "village_names": _names(_VILLAGE_NAME_RE, source),
            "subdistricts": _names(_SUBDISTRICT_RE, source),
            "districts": _names(_DISTRICT_RE, source),
            "provinces": found_provinces,
            "routes": _names(_ROUTE_RE, source),
            "sites": {"".join(m.groups()) for m in _SITE_RE.finditer(source)},
            "countries": _words_of(source, lexicon.countries),
            "spans": {True} if several or _spans(source) else set(),
        }

    where = places(head)
    if not any(where[k] for k in where if k != "spans"):
        from_text = places(body)
        where = {k: where[k] | from_text[k] for k in where}
    spans = bool(where.pop("spans"))

    quantities = {(n.replace(",", ""), unit) for n, unit in _QUANTITY_RE.findall(head)}
    phases = {int(n) for n in _PHASE_RE.findall(head)}
    years = {int(y) + (543 if int(y) < 2400 else 0) for y in _YEAR_RE.findall(head)}
    # The title's other numbers: what is left once the numbers read above are taken out.
    rest = head
    for pattern in (_QUANTITY_RE, _PHASE_RE, _YEAR_RE, _VILLAGE_NO_RE, _ROUTE_RE):
        rest = pattern.sub(" ", rest)
    numbers = tuple(sorted(_NUMBER_RE.findall(rest)))

    def kinds(mapping: Mapping[str, str]) -> set[str]:
        return _words_of(head, mapping) or _words_of(body, mapping)

    return Facts(
        villages=frozenset(where["villages"]),
        village_names=frozenset(where["village_names"]),
        subdistricts=frozenset(where["subdistricts"]),
        districts=frozenset(where["districts"]),
        provinces=frozenset(where["provinces"]),
        routes=frozenset(where["routes"]),
        sites=frozenset(where["sites"]),
        countries=frozenset(where["countries"]),
        spans=spans,
        quantities=frozenset(quantities),
        phases=frozenset(phases),
        years=frozenset(years),
        numbers=numbers,
        actions=frozenset(kinds(lexicon.actions)),
        objects=frozenset(kinds(lexicon.objects)),
        targets=frozenset(kinds(lexicon.targets)),
    )


# --------------------------------------------------------------------------- comparing

SAME, DIFFERENT = 1, -1

# The facts compared, in the order of the model's features; the places first (a project
# that spans places does not differ from one of them by place).
PLACE_FACTS = (
    "villages",
    "village_names",
    "subdistricts",
    "districts",
    "provinces",
    "routes",
    "sites",
    "countries",
)
OTHER_FACTS = ("quantities", "phases", "years", "numbers", "actions", "objects", "targets")
FACTS = PLACE_FACTS + OTHER_FACTS


@dataclass(frozen=True)
class Signal:
    """One fact two texts agree or disagree on: `fact` (a name of FACTS), `direction`
    (SAME or DIFFERENT) and the values behind it (to show)."""

    fact: str
    direction: int
    mine: tuple[str, ...]
    theirs: tuple[str, ...]


def _shown(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted(" ".join(v) if isinstance(v, tuple) else str(v) for v in values))


def _near(one: object, other: object) -> bool:
    """Equal, or two names of at least 4 letters one typing slip apart (ชัยนาท / ชัยนาทท,
    ทุ่งหลวง / ทุ่งหลว): a letter added, dropped or changed."""
    if one == other:
        return True
    if not (isinstance(one, str) and isinstance(other, str)) or min(len(one), len(other)) < 4:
        return False
    if abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        return sum(x != y for x, y in zip(one, other, strict=True)) == 1
    short, long = sorted((one, other), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _shared(mine: set, theirs: set) -> bool:
    if mine & theirs:
        return True
    return any(_near(x, y) for x in mine for y in theirs)


def compare(a: Facts, b: Facts) -> list[Signal]:
    """The signals of two projects' facts: for each fact both texts state, SAME when they
    share a value (a place's name also when one typing slip apart), DIFFERENT when they
    share none. A side that spans places and includes
    the other's is not DIFFERENT by place; a missing fact gives no signal."""
    signals = []
    for name in FACTS:
        mine, theirs = getattr(a, name), getattr(b, name)
        if name == "numbers":
            mine, theirs = set(mine), set(theirs)
            if mine and theirs and not (mine - theirs and theirs - mine):
                continue  # one side's numbers within the other's: a number added, no conflict
        if not mine or not theirs:
            continue
        if _shared(set(mine), set(theirs)) if name in PLACE_FACTS else mine & theirs:
            direction = SAME
        elif name in PLACE_FACTS and (a.spans or b.spans) and name not in ("countries",):
            continue  # a project over several places may hold the other's
        else:
            direction = DIFFERENT
        signals.append(Signal(name, direction, _shown(mine), _shown(theirs)))
    return signals
