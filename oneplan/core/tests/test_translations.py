"""The Thai translation catalogue: complete, compiled, and what the site speaks by default.

The .po file is read with a small parser written here (no polib), so the checks do not
depend on the gettext machinery whose output they verify.

When a test here fails after a change to the UI strings, refresh the catalogue:

    cd oneplan
    ../manage.py makemessages -l th --no-location --no-obsolete \
        --ignore='static/vendor/*' --ignore='tests/*' -e html,txt,py
    # translate the new entries in locale/th/LC_MESSAGES/django.po, then
    ../manage.py compilemessages -l th
"""

from __future__ import annotations

import ast
import gettext as gnu_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


def _unquote(token: str, lineno: int) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"line {lineno}: not a quoted string: {token!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body) or body[i + 1] not in ESCAPES:
                raise ValueError(f"line {lineno}: unknown escape in {token!r}")
            out.append(ESCAPES[body[i + 1]])
            i += 2
        elif ch == '"':
            raise ValueError(f"line {lineno}: unescaped quote in {token!r}")
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (obsolete `#~` entries are skipped), header first."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None  # the keyword continuation lines extend

    def append(kind: str, index: int | None, value: str) -> None:
        assert entry is not None
        if kind == "msgstr":
            entry.msgstr[index or 0] = entry.msgstr.get(index or 0, "") + value
        else:
            setattr(entry, kind, (getattr(entry, kind) or "") + value)

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"line {lineno}: string outside an entry")
            append(target[0], target[1], _unquote(line, lineno))
            continue
        match = KEYWORD.match(line)
        if not match:
            raise ValueError(f"line {lineno}: cannot read {raw!r}")
        keyword, index, token = match.groups()
        kind = "msgstr" if keyword.startswith("msgstr") else keyword
        # A msgctxt, or a msgid not preceded by its msgctxt, starts a new entry.
        if kind == "msgctxt" or (kind == "msgid" and (entry is None or entry.msgstr)):
            entry = Entry(flags=flags, line=lineno)
            entries.append(entry)
            flags = set()
        if entry is None:
            raise ValueError(f"line {lineno}: {keyword} before any msgid")
        target = (kind, int(index) if index is not None else None)
        if kind == "msgstr":
            entry.msgstr.setdefault(target[1] or 0, "")
        else:
            setattr(entry, kind, "")
        append(kind, target[1], _unquote(token, lineno))
    return entries


def _catalogue_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "th" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    path = _catalogue_dir() / "django.po"
    assert path.is_file(), f"{path} is missing: run makemessages -l th"
    return parse_po(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(po_entries: list[Entry]) -> list[Entry]:
    return [e for e in po_entries if not e.is_header]


def _name(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


# --- The parser itself: a parser that read nothing would pass every check below.


def test_parser_reads_entries_flags_plurals_and_continuations():
    text = "\n".join(
        [
            "#, fuzzy",
            'msgid ""',
            'msgstr ""',
            '"Language: th\\n"',
            "",
            "#, python-format",
            'msgid "%(n)s cluster"',
            'msgid_plural "%(n)s clusters"',
            'msgstr[0] "%(n)s กลุ่ม"',
            "",
            'msgctxt "menu"',
            'msgid ""',
            '"Say \\"hi\\" "',
            '"twice"',
            'msgstr ""',
            "",
            '#~ msgid "old"',
            '#~ msgstr "เก่า"',
        ]
    )
    header, plural, ctx = parse_po(text)
    assert header.is_header and header.flags == {"fuzzy"}
    assert header.msgstr == {0: "Language: th\n"}
    assert plural.msgid_plural == "%(n)s clusters" and plural.msgstr == {0: "%(n)s กลุ่ม"}
    assert plural.flags == {"python-format"}
    assert ctx.msgctxt == "menu" and ctx.msgid == 'Say "hi" twice' and ctx.msgstr == {0: ""}
    assert not ctx.is_header


def test_parser_rejects_garbage():
    with pytest.raises(ValueError):
        parse_po('msgid "a"\nmsgstr "b"\nnonsense\n')
    with pytest.raises(ValueError):
        parse_po('msgid "a\\q"\nmsgstr ""\n')


# --- (a) The catalogue is complete.


def test_catalogue_has_the_ui_strings(messages):
    msgids = {e.msgid for e in messages}
    assert len(messages) > 150
    assert {"Log in", "Log out", "Province cluster", "Save"} <= msgids


def test_header_is_thai_utf8_with_one_plural_form_and_not_fuzzy(po_entries):
    header = po_entries[0]
    assert header.is_header, "the header must be the first entry"
    assert "fuzzy" not in header.flags
    text = header.msgstr[0]
    assert "Language: th\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=1; plural=0;" in text


def test_every_entry_is_translated_and_none_is_fuzzy(messages):
    fuzzy = [_name(e) for e in messages if "fuzzy" in e.flags]
    empty = [_name(e) for e in messages if not e.msgstr or not all(e.msgstr.values())]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not empty, f"untranslated entries: {empty}"


def test_plural_entries_have_exactly_the_one_thai_form(messages):
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals, "the catalogue should hold the cluster-count plural"
    wrong = [_name(e) for e in plurals if set(e.msgstr) != {0}]
    assert not wrong, f"Thai has one plural form (msgstr[0] only): {wrong}"
    singular_with_index = [
        _name(e) for e in messages if e.msgid_plural is None and e.msgstr.keys() != {0}
    ]
    assert not singular_with_index


def test_placeholders_are_kept(messages):
    bad = []
    for e in messages:
        wanted = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural or ""))
        if any(set(PLACEHOLDER.findall(text)) != wanted for text in e.msgstr.values()):
            bad.append(_name(e))
    assert not bad, f"placeholders differ from the msgid: {bad}"


# --- (b) The compiled .mo matches the .po.


def test_compiled_catalogue_matches_the_po(messages):
    mo_path = _catalogue_dir() / "django.mo"
    assert mo_path.is_file(), f"{mo_path} is missing: run compilemessages -l th"
    with mo_path.open("rb") as fh:
        mo = gnu_gettext.GNUTranslations(fh)
    assert mo.info().get("language") == "th"
    stale = []
    for e in messages:
        expected = e.msgstr[0]
        if e.msgid_plural is not None:
            got = [
                mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                if e.msgctxt is not None
                else mo.ngettext(e.msgid, e.msgid_plural, n)
                for n in (1, 2, 5)
            ]
            if got != [expected] * 3:
                stale.append(_name(e))
        else:
            got = mo.pgettext(e.msgctxt, e.msgid) if e.msgctxt is not None else mo.gettext(e.msgid)
            if got != expected:
                stale.append(_name(e))
    assert not stale, f"django.mo is out of date (run compilemessages -l th): {stale}"


# --- (c) The site speaks Thai by default, with the established terms.


def test_default_language_is_thai():
    assert settings.LANGUAGE_CODE == "th"
    assert settings.USE_I18N
    assert "th" in dict(settings.LANGUAGES)


# Terms the provincial strategy groups use, written by hand (not read from the .po).
ESTABLISHED_TERMS = {
    "Log in": "เข้าสู่ระบบ",
    "Log out": "ออกจากระบบ",
    "User name": "ชื่อผู้ใช้",
    "Password": "รหัสผ่าน",
    "Save": "บันทึก",
    "Cancel": "ยกเลิก",
    "Edit": "แก้ไข",
    "Search": "ค้นหา",
    "Province": "จังหวัด",
    "District": "อำเภอ",
    "Sub-district": "ตำบล",
    "Village": "หมู่บ้าน",
    "DOPA code": "รหัสกรมการปกครอง",
    "Province cluster": "กลุ่มจังหวัด",
    "Cluster set": "ชุดการจัดกลุ่มจังหวัด",
    "Operations-centre province": "จังหวัดที่เป็นศูนย์ปฏิบัติการของกลุ่มจังหวัด",
    "operations centre": "ศูนย์ปฏิบัติการ",
    "Head of cluster": "หัวหน้ากลุ่มจังหวัด",
    "in force": "ใช้อยู่ในปัจจุบัน",
    "unconfirmed": "ยังไม่ยืนยัน",
    "Provincial office": "สำนักงานจังหวัด",
    "Provincial agency": "ส่วนราชการประจำจังหวัด",
    "Cluster strategy office": "สำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัด",
    "District office": "ที่ว่าการอำเภอ",
    "letter prefix": "อักษรย่อหนังสือราชการ",
    "governor": "ผู้ว่าราชการจังหวัด",
    "Change history": "ประวัติการแก้ไข",
    "Provincial strategy officer": "เจ้าหน้าที่กลุ่มงานยุทธศาสตร์จังหวัด",
    "System administrator": "ผู้ดูแลระบบ",
    "alignment framework": "กรอบการเชื่อมโยงแผน",
    "alignment target": "เป้าหมายการเชื่อมโยง",
    "Thai": "ภาษาไทย",
    "English": "ภาษาอังกฤษ",
}


def test_django_translates_to_thai():
    with translation.override("th"):
        assert translation.gettext("Log in") == "เข้าสู่ระบบ"
        got = {msgid: translation.gettext(msgid) for msgid in ESTABLISHED_TERMS}
        assert got == ESTABLISHED_TERMS
        assert translation.ngettext("%(n)s cluster", "%(n)s clusters", 1) % {"n": 1} == "1 กลุ่มจังหวัด"
        assert (
            translation.ngettext("%(n)s cluster", "%(n)s clusters", 18) % {"n": 18} == "18 กลุ่มจังหวัด"
        )
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.django_db
def test_login_page_is_thai_without_accept_language(client):
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert "รหัสผ่าน" in html


@pytest.mark.django_db
def test_login_page_follows_an_english_browser(client):
    response = client.get("/accounts/login/", secure=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html


# --- (d) Messages shown in reaction to what a user did are English in the source and Thai
# in the catalogue: the refusals below come from the real code paths, in both languages.


def _message(exc: Exception) -> str:
    """The text a page would show for a refusal (ValidationError or PermissionDenied)."""
    messages = getattr(exc, "messages", None)
    return " ".join(str(m) for m in messages) if messages else str(exc)


def test_an_upload_refusal_speaks_the_users_language():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oneplan.documents.uploads import check_attachment

    def refusal() -> str:
        with pytest.raises(ValidationError) as caught:
            check_attachment(SimpleUploadedFile("setup.exe", b"MZ\x90\x00"))
        return _message(caught.value)

    with translation.override("en"):
        assert refusal() == (
            "Cannot attach “setup.exe”: Only PDF, Word (.docx), Excel (.xlsx), JPEG and PNG"
            " files are accepted"
        )
    with translation.override("th"):
        assert refusal() == (
            "แนบไฟล์ “setup.exe” ไม่ได้: รับเฉพาะไฟล์ PDF, Word (.docx), Excel (.xlsx), JPEG และ PNG"
        )


def test_a_model_fields_validator_speaks_the_users_language():
    from datetime import date

    from django.core.exceptions import ValidationError

    from oneplan.committees.models import Meeting

    held_on = Meeting._meta.get_field("held_on")

    def refusal() -> str:
        with pytest.raises(ValidationError) as caught:
            held_on.clean(date(1800, 1, 1), None)
        return _message(caught.value)

    with translation.override("en"):
        assert refusal() == (
            "The year B.E. 2343 (1800 C.E.) is unlikely to be right — a date must lie between"
            " B.E. 2443 and B.E. 2743"
        )
    with translation.override("th"):
        assert refusal() == (
            "ปี พ.ศ. 2343 (ค.ศ. 1800) ไม่น่าจะถูกต้อง — วันที่ต้องอยู่ระหว่าง พ.ศ. 2443 ถึง พ.ศ. 2743"
        )


def test_a_calendar_date_that_cannot_be_read_is_told_in_the_users_language():
    from oneplan.cycles.calendars import WhenError, parse_when

    def refusal(text: str) -> str:
        with pytest.raises(WhenError) as caught:
            parse_when(text)
        return str(caught.value)

    with translation.override("en"):
        assert refusal("เร็ว ๆ นี้").startswith("Cannot read the date “เร็ว ๆ นี้” (write e.g. ")
        assert refusal("15 มิ.ย. - 10 มิ.ย. 2569") == (
            "The end comes before the start in “15 มิ.ย. - 10 มิ.ย. 2569”"
        )
    with translation.override("th"):
        assert refusal("เร็ว ๆ นี้").startswith("ไม่เข้าใจวันที่ “เร็ว ๆ นี้” (เขียนเช่น ")
        assert refusal("15 มิ.ย. - 10 มิ.ย. 2569") == (
            "วันสิ้นสุดอยู่ก่อนวันเริ่มต้นใน “15 มิ.ย. - 10 มิ.ย. 2569”"
        )


def test_committee_findings_speak_the_users_language():
    from datetime import date

    from oneplan.committees.composition import Seat, check_seats

    seats = [Seat(role="chair", seat="governor"), Seat(role="chair", seat="deputy_governor")]
    rules = [
        {"kind": "one_role", "role": "chair"},
        {"kind": "max_seats", "seat": "governor", "max": 0},
    ]
    today = date(2026, 1, 1)
    with translation.override("en"):
        assert [f.message for f in check_seats(seats, rules, today=today)] == [
            "There must be one Chair, but there are 2",
            "Provincial governor: at most 0, but there are 1",
        ]
    with translation.override("th"):
        assert [f.message for f in check_seats(seats, rules, today=today)] == [
            "ต้องมีประธานกรรมการ 1 คน แต่มี 2 คน",
            "ผู้ว่าราชการจังหวัดมีได้ไม่เกิน 0 คน แต่มี 1 คน",
        ]


@pytest.mark.django_db
def test_a_policy_refusal_of_a_service_speaks_the_users_language(demo_user):
    from django.core.exceptions import PermissionDenied

    from oneplan.monitoring import reports
    from oneplan.monitoring.models import ProgressReport
    from oneplan.projects.models import ActionPlan

    plan = ActionPlan.objects.get(cycle__fiscal_year_be=2569, province_id="21")  # Rayong's
    item = plan.items.order_by("rank").first()
    ProgressReport.objects.filter(item=item).delete()  # a report still to write
    report = reports.report_for(item, reports.periods(plan.cycle)[0])
    outsider = demo_user("chonburi")

    def refusal() -> str:
        with pytest.raises(PermissionDenied) as caught:
            reports.save(outsider, report, progress_percent=10)
        return str(caught.value)

    with translation.override("en"):
        assert refusal() == "You may not report the progress of this project."
    with translation.override("th"):
        assert refusal() == "คุณไม่มีสิทธิ์รายงานความก้าวหน้าของโครงการนี้"


@pytest.mark.django_db
def test_the_default_policy_refusal_speaks_the_users_language():
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from oneplan.areas.models import Area
    from oneplan.orgs import policy

    rayong = Area.objects.get(code="21")

    def refusal() -> str:
        with pytest.raises(PermissionDenied) as caught:
            policy.require(AnonymousUser(), policy.Action.CHANGE, rayong)
        return str(caught.value)

    with translation.override("en"):
        assert refusal() == "You may not do this."
    with translation.override("th"):
        assert refusal() == "คุณไม่มีสิทธิ์ทำรายการนี้"


# --- (e) The rule holds: no Thai literal is written straight into a refusal again.

THAI = re.compile(r"[\u0e00-\u0e7f]")
GETTEXT_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
REFUSALS = {"PermissionDenied", "ValidationError"}
# Code not converted yet: each entry is (file, the Thai text it still has). Remove an entry
# once that message is converted.
NOT_YET_CONVERTED: set[tuple[str, str]] = set()


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _thai_outside_gettext(node: ast.AST, constants: dict[str, ast.AST]) -> list[str]:
    """Thai text in `node` not inside a gettext call; a name is followed to the module-level
    constant it stands for (MSG_DENIED = "...")."""
    if isinstance(node, ast.Call) and _call_name(node.func) in GETTEXT_CALLS:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if THAI.search(node.value) else []
    if isinstance(node, ast.Name) and node.id in constants:
        return _thai_outside_gettext(constants.pop(node.id), constants)
    found: list[str] = []
    for child in ast.iter_child_nodes(node):
        found += _thai_outside_gettext(child, constants)
    return found


def thai_refusals(source: str) -> list[tuple[int, str]]:
    """(line, Thai text) of each refusal in `source` whose message is a Thai literal."""
    tree = ast.parse(source)
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if _call_name(node.func) in REFUSALS or name in ("policy.require", "require"):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for text in _thai_outside_gettext(arg, dict(constants)):
                    found.append((node.lineno, text))
    return found


def test_the_scan_finds_thai_refusals_and_passes_translated_ones():
    source = "\n".join(
        [
            'MSG = "คุณไม่มีสิทธิ์"',
            "OK = gettext_lazy('You may not.')",
            'raise PermissionDenied("ห้าม")',
            'raise ValidationError(f"ปี {year} ผิด", code="x")',
            "policy.require(user, 'change', obj, MSG)",
            "policy.require(user, 'change', obj, OK)",
            'raise ValidationError(_("Cannot read “%(t)s” (e.g. 13 มิ.ย. 69)") % {"t": t})',
            'raise ValueError("ไม่ใช่คำปฏิเสธที่ผู้ใช้เห็น")',
        ]
    )
    assert thai_refusals(source) == [(3, "ห้าม"), (4, "ปี "), (4, " ผิด"), (5, "คุณไม่มีสิทธิ์")]


def test_no_thai_literal_in_a_refusal():
    package = Path(settings.BASE_DIR)  # the oneplan package
    root = package.parent
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if {"tests", "migrations"} & set(parts[:-1]):
            continue
        name = path.relative_to(root).as_posix()
        for line, text in thai_refusals(path.read_text(encoding="utf-8")):
            if not any(name == f and known in text for f, known in NOT_YET_CONVERTED):
                found.append(f"{name}:{line}: {text!r}")
    assert not found, (
        "write refusals in English through gettext, with the Thai in the catalogue: "
        + "; ".join(found)
    )


# --- (f) The API answers in the request's language: English for an English client (its
# Accept-Language; LocaleMiddleware reads the language cookie first, then this header),
# Thai by default — its own messages, the services' and DRF's alike.


def _api_for(user):
    from rest_framework.test import APIClient

    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_a_proposal_refused_by_the_api_speaks_the_clients_language(demo_user):
    api = _api_for(demo_user("rayong"))
    proposal = {
        "cycle": 2570,
        "reference_code": "LANG-70-001",
        "title": "โครงการส่งเสริมการแปรรูปมังคุดเพื่อการส่งออก",
        "area": "21",
        "funding_channel": "province",
        "proposer_kind": "agency",
        "start_date": "2026-11-01",
        "end_date": "2026-10-01",  # before its start
        "budget_lines": [{"fiscal_year_be": 2570, "category": "operating", "amount": "1500000"}],
    }

    def refused(body: dict, **headers) -> dict:
        response = api.post("/api/v1/proposals", body, format="json", **headers)
        assert response.status_code == 400, response.content
        return response.json()

    english = refused(proposal, HTTP_ACCEPT_LANGUAGE="en")
    assert english["end_date"] == ["The end date is before the start date."]
    assert english["detail"] == "end_date: The end date is before the start date."
    thai = refused(proposal)
    assert thai["end_date"] == ["วันที่สิ้นสุดต้องไม่อยู่ก่อนวันที่เริ่มต้น"]
    assert thai["detail"] == "end_date: วันที่สิ้นสุดต้องไม่อยู่ก่อนวันที่เริ่มต้น"

    # A message of the API's own serializers, and one of DRF's (which has no Thai for it).
    unknown = {**proposal, "end_date": "2027-08-31", "cycle": 2400}
    assert refused(unknown, HTTP_ACCEPT_LANGUAGE="en")["cycle"] == [
        "There is no cycle for the fiscal year B.E. 2400 in the system"
    ]
    assert refused(unknown)["cycle"] == ["ไม่มีรอบปีงบประมาณ พ.ศ. 2400 ในระบบ"]
    listed = {**proposal, "end_date": "2027-08-31", "title": ["a list"]}
    assert refused(listed, HTTP_ACCEPT_LANGUAGE="en")["title"] == ["Not a valid string."]
    assert refused(listed)["title"] == ["ต้องเป็นข้อความ"]


@pytest.mark.django_db
def test_a_bad_query_parameter_is_told_in_the_clients_language(demo_user):
    api = _api_for(demo_user("rayong"))

    def refusal(url: str, **headers) -> dict:
        response = api.get(url, **headers)
        assert response.status_code == 400, response.content
        return response.json()

    english = refusal("/api/v1/plans?cluster=x", HTTP_ACCEPT_LANGUAGE="en")
    assert english["detail"] == "The parameter “cluster” must be a number"
    assert english["messages"] == ["The parameter “cluster” must be a number"]
    assert refusal("/api/v1/plans?cluster=x")["detail"] == "พารามิเตอร์ “cluster” ต้องเป็นตัวเลข"

    assert refusal("/api/v1/proposals?status=lost", HTTP_ACCEPT_LANGUAGE="en")["detail"] == (
        "The status “lost” is not valid (valid: " + ", ".join(_proposal_statuses()) + ")"
    )
    assert refusal("/api/v1/proposals?status=lost")["detail"] == (
        "สถานะ “lost” ไม่ถูกต้อง (ใช้ได้: " + ", ".join(_proposal_statuses()) + ")"
    )
    assert refusal("/api/v1/proposals?cycle=soon", HTTP_ACCEPT_LANGUAGE="en")["detail"] == (
        "The parameter “cycle”: Cannot read the year “soon” — please give a 4-digit B.E. year"
        " such as 2569"
    )


def _proposal_statuses() -> list[str]:
    from oneplan.projects.models import ProposalStatus

    return list(ProposalStatus.values)


# --------------------------------------------------------------------------- plan check, screening

THAI_LETTER = re.compile("[\u0e01-\u0e5b]")
QUOTED = re.compile("“[^”]*”")


def _thai_outside_data(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """Thai letters left in a message once quoted names (“...”) and `data` are taken out."""
    for item in data:
        if item:
            text = text.replace(item, "")
    return THAI_LETTER.findall(QUOTED.sub("“…”", text))


@pytest.mark.django_db
def test_the_plan_checks_findings_speak_the_users_language():
    import json

    from oneplan.plans.models import PlanEdition
    from oneplan.plans.quality import check_edition

    edition = (
        PlanEdition.objects.filter(plan__province_id="21")
        .select_related("plan__regime")
        .order_by("-plan__first_year_be", "-number")
        .first()
    )
    edition.vision = ""  # the demo plan without its vision: a finding on a section, and a gate
    edition.save(update_fields=["vision"])

    with translation.override("en"):
        english = check_edition(edition)
        as_json = json.loads(json.dumps(english.as_dict()))  # plain text, nothing lazy
    with translation.override("th"):
        thai = check_edition(edition)

    assert english.grade == thai.grade == "needs_work"
    assert (english.grade_label, thai.grade_label) == ("Needs work", "ต้องปรับปรุง")
    assert as_json["grade_label"] == "Needs work"
    assert [f.rule for f in english.findings] == [f.rule for f in thai.findings]
    assert len(english.findings) >= 4
    for finding in english.findings:
        assert not _thai_outside_data(finding.message), finding.message
    assert [f["message"] for f in as_json["findings"]] == [f.message for f in english.findings]

    vision = [f for f in english.findings if f.rule == "PC-VISION-MISSING"]
    assert [(f.label, f.message) for f in vision] == [
        (
            "Vision",
            "The plan has no vision yet: write a vision that pictures the province at the end "
            "of the plan, concisely, conveying the focus of its development",
        )
    ]
    vision = [f for f in thai.findings if f.rule == "PC-VISION-MISSING"]
    assert [(f.label, f.message) for f in vision] == [
        (
            "วิสัยทัศน์",
            "ยังไม่ได้กำหนดวิสัยทัศน์ของแผน ให้เขียนวิสัยทัศน์ที่บอกภาพอนาคตของจังหวัด"
            "เมื่อสิ้นสุดแผน อย่างกระชับและสื่อจุดเน้นการพัฒนา",
        )
    ]
    external = {
        lang: next(f.message for f in result.findings if f.rule == "PC-INDICATOR-EXTERNAL")
        for lang, result in (("en", english), ("th", thai))
    }
    assert external == {
        "en": "The indicator “1.1.2 มูลค่าผลิตภัณฑ์มวลรวมจังหวัด (GPP) สาขาเกษตรกรรม” rests on "
        "“GPP”, which depends on outside factors the province cannot control: replace it with "
        "an indicator that measures the results of the province's own work directly (e.g. the "
        "income of the target group, yield per rai)",
        "th": "ตัวชี้วัด “1.1.2 มูลค่าผลิตภัณฑ์มวลรวมจังหวัด (GPP) สาขาเกษตรกรรม” อิง “GPP” "
        "ซึ่งขึ้นกับปัจจัยภายนอกที่จังหวัดควบคุมไม่ได้ ให้เปลี่ยนเป็นตัวชี้วัดที่วัดผลจากการดำเนินงาน"
        "ของจังหวัดโดยตรง (เช่น รายได้ของกลุ่มเป้าหมาย ผลผลิตต่อไร่)",
    }


@pytest.mark.django_db
def test_the_screenings_reasons_speak_the_users_language():
    import json
    from datetime import date
    from decimal import Decimal

    from oneplan.cycles.models import Regime
    from oneplan.projects import reference
    from oneplan.projects.models import EligibilityRule
    from oneplan.projects.screening import ProposalFacts, screen

    reference.load_all()
    regime = Regime.objects.get(code="2566")
    facts = ProposalFacts(
        title="กิจกรรมรณรงค์ลดขยะในโรงเรียน",  # a sub-activity: a title and a small budget
        objectives="1. เพื่อส่งเสริมการพึ่งตนเองของชุมชน",
        funding_channel="province",
        fiscal_year_be=2570,
        budget_lines=((2570, "operating", Decimal("50000")),),
        issue_priority=7,
        issue_title="ประเด็นทดสอบ",
        has_strategy=True,
        has_indicator=True,
        start_date=date(2026, 10, 1),
        end_date=date(2027, 9, 30),
        negative_impacts_analysed=True,
    )
    # The regime's rule titles and advice are its data (Thai), quoted as they are.
    advice = tuple(
        str(params.get("advice_th") or "")
        for params in EligibilityRule.objects.filter(regime=regime).values_list("params", flat=True)
    )
    with translation.override("en"):
        english = json.loads(json.dumps(screen(facts, regime).as_dict()))
    with translation.override("th"):
        thai = json.loads(json.dumps(screen(facts, regime).as_dict()))

    for finding in english["findings"]:
        assert not _thai_outside_data(finding["message"], advice), finding["message"]
        assert not THAI_LETTER.search(finding["verdict_label"])
        for evidence in finding["evidence"]:
            assert not _thai_outside_data(evidence["field"]), evidence
    for score in english["auto_scores"].values():
        assert not _thai_outside_data(score["reason"]), score["reason"]

    def by_rule(result, rule):
        return next(f for f in result["findings"] if f["rule"] == rule)

    sub = by_rule(english, "NE-SUB-ACTIVITY")
    assert sub["verdict_label"] == "Not to be proposed"
    assert sub["message"].startswith(
        "Falls under “เป็นโครงการในลักษณะของกิจกรรมย่อย”: Found the title starting with "
        "“กิจกรรม”, a budget of 50,000.00 baht, below 500,000.00 baht, which shows the "
        "project's main purpose — "
    )
    sub = by_rule(thai, "NE-SUB-ACTIVITY")
    assert sub["verdict_label"] == "ไม่ให้เสนอขอ"
    assert sub["message"].startswith(
        "เข้าข่าย “เป็นโครงการในลักษณะของกิจกรรมย่อย”: พบชื่อโครงการขึ้นต้นด้วย “กิจกรรม”, "
        "งบประมาณ 50,000.00 บาท ต่ำกว่า 500,000.00 บาท ซึ่งแสดงวัตถุประสงค์หลักของโครงการ — "
    )
    alignment = by_rule(english, "ALIGNMENT")
    assert (alignment["title"], alignment["verdict_label"], alignment["message"]) == (
        "Alignment with the strategic issues ranked first",
        "To be checked",
        "Serves strategic issue no. 7 “ประเด็นทดสอบ”, which is not among the first 2 — link "
        "it to an issue ranked higher, or propose it through another source of budget",
    )
    alignment = by_rule(thai, "ALIGNMENT")
    assert (alignment["title"], alignment["verdict_label"], alignment["message"]) == (
        "ความสอดคล้องกับประเด็นยุทธศาสตร์ที่จัดลำดับความสำคัญไว้ในลำดับต้น",
        "ควรตรวจสอบ",
        "ประเด็นยุทธศาสตร์ลำดับที่ 7 “ประเด็นทดสอบ” ไม่อยู่ใน 2 ลำดับแรก "
        "— ควรเชื่อมโยงกับประเด็นที่จัดลำดับไว้ต้นกว่า หรือเสนอผ่านแหล่งงบประมาณอื่น",
    )
    reasons = {
        lang: {c: s["reason"] for c, s in r["auto_scores"].items()}
        for lang, r in (
            ("en", english),
            ("th", thai),
        )
    }
    assert {c: reasons["en"][c] for c in ("feasibility_budget", "linkage", "sufficiency")} == {
        "feasibility_budget": "Asks for a budget of 50,000.00 baht; All of it for fiscal year "
        "B.E. 2570; Broken down into 1 budget category; Investment budget 0 per cent",
        "linkage": "Linked to the plan's strategy and indicator",
        "sufficiency": "Found “พึ่งตนเอง” in the field “First objective”",
    }
    assert {c: reasons["th"][c] for c in ("feasibility_budget", "linkage", "sufficiency")} == {
        "feasibility_budget": "ขอรับงบประมาณ 50,000.00 บาท; ทั้งหมดเป็นงบประมาณปี พ.ศ. 2570; "
        "จำแนกตามงบรายจ่าย 1 งบ; งบลงทุนร้อยละ 0",
        "linkage": "เชื่อมโยงกับกลยุทธ์ ตัวชี้วัดของแผน",
        "sufficiency": "พบ “พึ่งตนเอง” ในวัตถุประสงค์ข้อแรก",
    }
