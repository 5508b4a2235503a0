"""Official letters drafted from a calendar, a meeting or a consultation, with the province's
letterhead details (ProvinceProfile) and a distribution list of the bodies concerned; the
strategy group edits the draft, then prints it (`layout.py`)."""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from oneplan.areas.models import Area, ProvinceProfile, province_code_of
from oneplan.core.thai import format_date_full
from oneplan.cycles.report_periods import report_period
from oneplan.letters import distribution
from oneplan.letters.layout import LetterContent
from oneplan.letters.models import Letter
from oneplan.monitoring.documents import title
from oneplan.orgs import policy
from oneplan.orgs.models import Organisation, OrgKind
from oneplan.orgs.policy import Action

# The strategy group's file code in the letters of the seeds (สำนักงานจังหวัด 0017.2).
DEFAULT_FILE_CODE = "0017.2"
RECIPIENT_KINDS = (
    OrgKind.PROVINCIAL_AGENCY,
    OrgKind.DISTRICT_OFFICE,
    OrgKind.LOCAL_GOVERNMENT,
    OrgKind.STATE_ENTERPRISE,
)


def _letterhead(province: Area) -> dict[str, Any]:
    profile = ProvinceProfile.objects.filter(province=province).first()
    prefix = (profile.letter_prefix if profile else "") or ""
    phone = f"โทร. {profile.phone}" if profile and profile.phone else ""
    fax = f"โทรสาร {profile.fax}" if profile and profile.fax else ""
    lines = ["สำนักงานจังหวัด", "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด"]
    if phone or fax:
        lines.append(" ".join(p for p in (phone, fax) if p))
    if profile and profile.email:
        lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {profile.email}")
    return {
        "number": f"{prefix} {DEFAULT_FILE_CODE}/ว".strip(),
        "office": f"ศาลากลาง{province.display_name}",
        "address": (profile.office_address if profile else "") or province.display_name,
        "signatory": (profile.governor_name if profile else "") or "",
        "position": f"ผู้ว่าราชการ{province.display_name}",
        "unit_lines": "\n".join(lines),
    }


def recipients(province: Area) -> list[str]:
    """The bodies a provincial circular goes to: agencies, districts, local governments."""
    names = Organisation.objects.filter(
        area__code__startswith=province.code, kind__in=RECIPIENT_KINDS, is_active=True
    ).order_by("kind", "name_th")
    return list(dict.fromkeys(names.values_list("name_th", flat=True)))


def _draft(user: Any, province: Area, **fields: Any) -> Letter:
    letter = Letter(province=province, date=timezone.localdate(), **_letterhead(province), **fields)
    policy.require(user, Action.ADD, letter, _("You may not draft letters of this province."))
    with set_actor(user):
        letter.created_by = user
        letter.full_clean()
        letter.save()
    distribution.add_names(user, letter, letter.distribution.splitlines())
    return letter


@transaction.atomic
def letter_for_calendar(user: Any, calendar: Any) -> Letter:
    """The circular that sends the province's planning calendar to every agency and district."""
    province = Area.objects.get(code=province_code_of(calendar.area_id or ""))
    year = calendar.cycle.fiscal_year_be
    return _draft(
        user,
        province,
        calendar=calendar,
        subject=f"ปฏิทินการจัดทำแผนพัฒนาจังหวัดและแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {year}",
        enclosures=[[calendar.title, "จำนวน 1 ชุด"]],
        body=(
            f"ด้วย{province.display_name}ได้กำหนดปฏิทินการทบทวนแผนพัฒนาจังหวัดและการจัดทำแผน"
            f"ปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {year} เพื่อให้การจัดทำแผนในระดับพื้นที่มีความ"
            "สอดคล้องเชื่อมโยงกันในลักษณะแผนเดียวกัน (One Plan)"
            f"\n\n{province.display_name}จึงขอส่งปฏิทินดังกล่าวมาเพื่อเป็นแนวทางและกรอบระยะเวลา"
            "การดำเนินงาน ขอให้หน่วยงานดำเนินการตามกรอบระยะเวลาอย่างเคร่งครัด รายละเอียดตาม"
            "สิ่งที่ส่งมาด้วย ทั้งนี้ สำหรับอำเภอขอให้แจ้งองค์กรปกครองส่วนท้องถิ่นในพื้นที่ทราบด้วย"
            "\n\nจึงเรียนมาเพื่อทราบและพิจารณาดำเนินการ"
        ),
        distribution="\n".join(recipients(province)),
    )


@transaction.atomic
def letter_for_meeting(user: Any, meeting: Any) -> Letter:
    """The letter that sends a meeting's summary and asks the bodies to act on it."""
    committee = meeting.committee
    province = Area.objects.get(code=province_code_of(committee.area_id))
    return _draft(
        user,
        province,
        meeting=meeting,
        subject=f"แจ้งมติที่ประชุม{committee.name} {meeting.number}",
        enclosures=[["สรุปผลการประชุม", "จำนวน 1 ชุด"]],
        body=(
            f"ตามที่{province.display_name}ได้จัดการประชุม{committee.name} {meeting.number}"
            f" เมื่อวันที่ {format_date_full(meeting.held_on)}"
            + (f" ณ {meeting.venue}" if meeting.venue else "")
            + " นั้น"
            f"\n\n{province.display_name}ขอส่งสรุปผลการประชุมดังกล่าว ขอให้หน่วยงานดำเนินการตามมติ"
            "ที่ประชุมต่อไป รายละเอียดตามสิ่งที่ส่งมาด้วย"
            "\n\nจึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป"
        ),
        distribution="\n".join(recipients(province)),
    )


@transaction.atomic
def letter_for_consultation(user: Any, consultation: Any) -> Letter:
    """The invitation to the Section 19 consultation, sent to everyone invited."""
    province = consultation.province
    when = consultation.held_on
    date_text = format_date_full(when) if when else "(ยังไม่กำหนด)"
    return _draft(
        user,
        province,
        consultation=consultation,
        subject=f"ขอเชิญประชุมปรึกษาหารือทุกภาคส่วนตามมาตรา 19 {province.display_name}",
        body=(
            "ตามพระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัดและกลุ่มจังหวัดแบบบูรณาการ"
            " พ.ศ. 2551 มาตรา 19 กำหนดให้จังหวัดจัดประชุมปรึกษาหารือร่วมกันระหว่างหัวหน้า"
            "ส่วนราชการ ผู้บริหารองค์กรปกครองส่วนท้องถิ่น ผู้แทนภาคประชาสังคม และผู้แทน"
            "ภาคธุรกิจเอกชน เพื่อให้ความเห็นต่อร่างแผนพัฒนาจังหวัด"
            f"\n\n{province.display_name}จึงขอเชิญท่านเข้าร่วมประชุมในวันที่ {date_text}"
            + (f" เวลา {consultation.time}" if consultation.time else "")
            + (f" ณ {consultation.venue}" if consultation.venue else "")
            + "\n\nจึงเรียนมาเพื่อโปรดเข้าร่วมประชุมตามวัน เวลา และสถานที่ดังกล่าว"
        ),
        distribution="\n".join(
            consultation.invitees.order_by("group", "name").values_list("name", flat=True)
        ),
    )


@transaction.atomic
def save_letter(user: Any, letter: Letter) -> Letter:
    """Save a draft's text; an issued letter is fixed (cancel it and issue a corrected one).
    The letter's row is locked as issuing locks it (`numbering`), so a draft saved while it
    is being issued cannot write its old number and date over the issued ones."""
    policy.require(user, Action.CHANGE, letter)
    if letter.pk and Letter.objects.select_for_update().get(pk=letter.pk).issued is not None:
        raise ValidationError(
            _("An issued letter is not changed: cancel it and issue a corrected one.")
        )
    letter.full_clean()
    with set_actor(user):
        letter.save()
    return letter


def content_of(letter: Letter) -> LetterContent:
    """The letter as the layout prints it."""

    def lines(text: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in (text or "").splitlines() if line.strip())

    return LetterContent(
        number=letter.number,
        office=letter.office,
        address=letter.address,
        date=letter.date,
        subject=letter.subject,
        salutation=letter.salutation,
        references=tuple(str(r) for r in letter.references or ()),
        enclosures=tuple(
            (str(e[0]), str(e[1]) if len(e) > 1 else "") for e in letter.enclosures or ()
        ),
        body=tuple(p.strip() for p in (letter.body or "").split("\n\n") if p.strip()),
        closing=letter.closing,
        signatory=letter.signatory,
        position=letter.position,
        unit_lines=lines(letter.unit_lines),
        urgency=letter.urgency,
        copies_to=lines(letter.copies_to),
        distribution=printed_distribution(letter),
    )


def printed_distribution(letter: Letter) -> tuple[str, ...]:
    """The distribution list as printed: the recipient rows when there are any, else the
    lines of the letter's distribution text (letters made before the rows existed)."""
    names = tuple(letter.recipients.order_by("order", "pk").values_list("name", flat=True))
    if names:
        return names
    return tuple(line.strip() for line in (letter.distribution or "").splitlines() if line.strip())


@transaction.atomic
def letter_for_report(user: Any, province: Area, cycle: Any, kind: str) -> Letter:
    """The covering letter that sends the six-monthly or year-end report to the national
    secretariat."""
    national = cycle.regime.national_body
    period = report_period(cycle, kind)
    if period is None:
        raise LookupError(f"The regime of cycle {cycle.fiscal_year_be} has no report {kind!r}.")
    return _draft(
        user,
        province,
        subject=f"ส่ง{title(province, cycle, kind)}",
        salutation=f"เลขานุการ{national}",
        enclosures=[[title(province, cycle, kind), "จำนวน 1 ชุด"]],
        body=(
            "ตามพระราชกฤษฎีกาว่าด้วยการบริหารงานจังหวัดและกลุ่มจังหวัดแบบบูรณาการ พ.ศ. 2551"
            f" กำหนดให้จังหวัดรายงานผลการดำเนินงานตามแผนพัฒนาจังหวัดและแผนปฏิบัติราชการประจำปี"
            f"ต่อ{national} นั้น"
            f"\n\n{province.display_name}ขอส่งรายงานผลการดำเนินงานตามแผนปฏิบัติราชการประจำปี"
            f"งบประมาณ พ.ศ. {cycle.fiscal_year_be} {period.name_th} รายละเอียดตามสิ่งที่ส่งมาด้วย"
            "\n\nจึงเรียนมาเพื่อโปรดทราบ"
        ),
    )
