"""The meeting summary as the provinces print it (seed 003): the title, the day, time and
venue, then a table of agenda item, details and resolution (มติที่ประชุม), grouped by the
standard agenda (ระเบียบวาระที่ 1–5). DOCX and PDF, Sarabun 16 pt, Thai digits."""

from __future__ import annotations

from oneplan.committees.models import AgendaSection, Meeting
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
