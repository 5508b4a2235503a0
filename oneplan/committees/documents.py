"""The meeting summary as the provinces print it (seed 003): the title, the day, time and
venue, then a table of agenda item, details and resolution (มติที่ประชุม), grouped by the
standard agenda (ระเบียบวาระที่ 1–5). And the appointment order (คำสั่ง) with its members
annexed. DOCX and PDF, Sarabun 16 pt, Thai digits, B.E. dates."""

from __future__ import annotations

from oneplan.committees.composition import current_members
from oneplan.committees.models import AgendaSection, AppointmentOrder, Meeting, Member
from oneplan.core.thai import format_date_full, thai_day_name
from oneplan.documents import blocks as b
from oneplan.documents import docx, pdf
from oneplan.documents.registry import DOCX, PDF

SECTION_TH = {
    AgendaSection.ANNOUNCEMENTS: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    AgendaSection.MINUTES: "รับรองรายงานการประชุม",
    AgendaSection.FOR_INFORMATION: "เรื่องเพื่อทราบ",
    AgendaSection.FOR_CONSIDERATION: "เรื่องเพื่อพิจารณา",
    AgendaSection.OTHER: "เรื่องอื่น ๆ",
}


def section_label(section: int) -> str:
    return f"ระเบียบวาระที่ {section} {SECTION_TH.get(section, '')}".strip()


def sections(meeting: Meeting) -> list[tuple[str, list]]:
    """The agenda items under their section labels, in order."""
    out: list[tuple[str, list]] = []
    for item in meeting.items.select_related("plan_edition__plan", "action_plan"):
        label = section_label(item.section)
        if out and out[-1][0] == label:
            out[-1][1].append(item)
        else:
            out.append((label, [item]))
    return out


def when_line(meeting: Meeting) -> str:
    day = thai_day_name(meeting.held_on)
    time = f" เวลา {meeting.time}" if meeting.time else ""
    return f"วัน{day}ที่ {format_date_full(meeting.held_on)}{time}"


def summary_blocks(meeting: Meeting) -> list[b.Block]:
    committee = meeting.committee
    rows: list[b.Row] = []
    for label, items in sections(meeting):
        for index, item in enumerate(items):
            details = f"{item.number} {item.title}".strip()
            if item.details:
                details += f"\n{item.details}"
            rows.append(b.Row((label if index == 0 else "", details, item.resolution or "-")))
    return [
        b.Heading(f"สรุปผลการประชุม{committee.name} {meeting.number}".strip()),
        b.Para(when_line(meeting), align="center", indent=False),
        *([b.Para(f"ณ {meeting.venue}", align="center", indent=False)] if meeting.venue else []),
        b.table(["ระเบียบวาระ", "รายละเอียด", "มติที่ประชุม"], rows, widths=[24, 42, 34]),
    ]


def summary(meeting: Meeting, kind: str) -> tuple[bytes, str]:
    blocks = b.with_thai_digits(summary_blocks(meeting), True)
    title = f"สรุปผลการประชุม {meeting.number}"
    if kind == "docx":
        return docx.write_docx(blocks, title=title), DOCX
    return pdf.blocks_to_pdf(blocks, title=title), PDF


# --------------------------------------------------------------------------- the order

ROLE_TITLE = {
    "chair": "ประธานกรรมการ",
    "vice_chair": "รองประธานกรรมการ",
    "member": "กรรมการ",
    "secretary": "กรรมการและเลขานุการ",
    "assistant_secretary": "กรรมการและผู้ช่วยเลขานุการ",
}


def order_issuer(order: AppointmentOrder) -> str:
    """ "จังหวัดระยอง" from the order's issuer, else the committee's body."""
    if order.issued_by:
        return order.issued_by
    committee = order.committee
    if committee.cluster_id:
        return str(committee.cluster)
    return committee.area.display_name if committee.area_id else ""


def order_members(order: AppointmentOrder) -> list[Member]:
    """The members the order appointed; an order that names none (members entered before
    it) annexes the committee's sitting members."""
    named = list(order.members.select_related("province").order_by("number", "pk"))
    if named:
        return named
    return list(current_members(order.committee).select_related("province"))


def order_blocks(order: AppointmentOrder) -> list[b.Block]:
    """The order (คำสั่ง) as the Correspondence Regulation lays it out: the issuer, number
    and subject centred, the body, "สั่ง ณ วันที่", the signature space; the members on an
    annexed list (บัญชีรายชื่อแนบท้ายคำสั่ง)."""
    committee = order.committee
    issuer = order_issuer(order)
    subject = order.title or f"แต่งตั้ง{committee.name}"
    members = order_members(order)
    dated = format_date_full(order.issued_on)
    basis = " ".join(order.legal_basis.split())
    rows = []
    for index, member in enumerate(members, 1):
        name = member.full_name or "-"
        position = member.position_title
        if member.province_id and committee.cluster_id:
            position = f"{position} ({member.province.display_name})"
        term = (
            f"{format_date_full(member.term_start)} – {format_date_full(member.term_end)}"
            if member.term_start and member.term_end
            else "-"
        )
        rows.append((str(index), name, position, ROLE_TITLE.get(member.role, member.role), term))
    return [
        b.Para(f"คำสั่ง{issuer}", bold=True, align="center", indent=False),
        b.Para(f"ที่ {order.number}", align="center", indent=False),
        b.Para(f"เรื่อง {subject}", align="center", indent=False),
        b.Para("-" * 24, align="center", indent=False),
        b.Para(
            f"เพื่อให้การดำเนินงานของ{committee.name}เป็นไปด้วยความเรียบร้อย"
            + (f" {basis}" if basis else "")
            + f" จึงแต่งตั้ง{committee.name} ประกอบด้วยผู้มีรายชื่อตามบัญชีแนบท้ายคำสั่งนี้"
            f" จำนวน {len(members)} คน"
        ),
        b.Para("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
        b.Para(f"สั่ง ณ วันที่ {dated}", indent=False, align="center"),
        b.Para("", indent=False),
        b.Para("", indent=False),
        b.Para(f"({order.signatory or '.' * 39})", align="center", indent=False),
        b.Para(order.signatory_position or issuer, align="center", indent=False),
        b.PageBreak(),
        b.Para(f"บัญชีรายชื่อ{committee.name}", bold=True, align="center", indent=False),
        b.Para(
            f"แนบท้ายคำสั่ง{issuer} ที่ {order.number} ลงวันที่ {dated}",
            align="center",
            indent=False,
        ),
        b.table(
            ["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "ฐานะ", "วาระ"],
            rows,
            widths=[8, 22, 34, 18, 18],
        ),
    ]


def order_document(order: AppointmentOrder, kind: str) -> tuple[bytes, str]:
    blocks = b.with_thai_digits(order_blocks(order), True)
    title = f"คำสั่ง{order_issuer(order)} ที่ {order.number}"
    if kind == "docx":
        return docx.write_docx(blocks, title=title), DOCX
    return pdf.blocks_to_pdf(blocks, title=title), PDF
