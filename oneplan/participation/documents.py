"""Documents of participation: the One Plan traceability table (XLSX) and the summary
report of a Section 19 consultation (DOCX and PDF, official layout, Thai digits)."""

from __future__ import annotations

from collections.abc import Sequence

from oneplan.areas.models import Area
from oneplan.core.thai import format_date_full
from oneplan.documents import blocks as b
from oneplan.documents import docx, pdf, xlsx
from oneplan.documents.registry import DOCX, PDF
from oneplan.participation import services
from oneplan.participation.models import Answer, Consultation, Moderation

ANSWER_TH = {
    Answer.ACCEPTED: "รับไว้พิจารณาปรับแผน",
    Answer.PARTLY: "รับบางส่วน",
    Answer.NOT_ACCEPTED: "ไม่รับ",
}


def trace_xlsx(rows: Sequence[services.TraceRow], province: Area) -> bytes:
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(
        workbook,
        "One Plan",
        [
            "พื้นที่",
            "ปัญหา/ความต้องการ",
            "เกินขีดความสามารถ",
            "โครงการที่ตอบสนอง",
            "สถานะโครงการ",
            "ประเด็นยุทธศาสตร์",
            "กลยุทธ์",
            "ยุทธศาสตร์ชาติ/แผนระดับชาติ",
        ],
        [
            [
                row.need.area.display_name,
                row.need.title,
                "ใช่" if row.need.beyond_capacity else "ไม่",
                f"{row.proposal.reference_code} {row.proposal.title}" if row.proposal else None,
                row.proposal.get_status_display() if row.proposal else "ยังไม่มีโครงการ",
                str(row.issue) if row.issue else None,
                str(row.strategy) if row.strategy else None,
                "\n".join(row.national) or None,
            ]
            for row in rows
        ],
        widths=[24, 48, 12, 48, 18, 40, 36, 40],
    )
    return xlsx.to_bytes(workbook)


def report_blocks(consultation: Consultation) -> list[b.Block]:
    """The summary: when and where, who attended by group, and every comment with its answer."""
    out: list[b.Block] = [
        b.Heading(f"สรุปผล{consultation.title}"),
        b.Para(
            f"{consultation.province.display_name} "
            + (f"วันที่ {format_date_full(consultation.held_on)}" if consultation.held_on else "")
            + (f" ณ {consultation.venue}" if consultation.venue else ""),
            align="center",
            indent=False,
        ),
        b.Heading("ผู้เข้าร่วมประชุม", level=2),
        b.table(
            ["กลุ่ม", "ผู้ได้รับเชิญ", "ผู้เข้าร่วม"],
            [
                [label, str(invited), str(attended)]
                for _code, label, invited, attended in services.attendance(consultation)
            ],
            widths=[60, 20, 20],
            numeric=[1, 2],
        ),
    ]
    comments = consultation.comments.filter(moderation=Moderation.APPROVED).select_related("plan")
    out.append(b.Heading("ความคิดเห็นและผลการพิจารณา", level=2))
    if not comments:
        out.append(b.Para("ไม่มีความคิดเห็น", indent=False))
    else:
        out.append(
            b.table(
                ["ที่", "แผน/ส่วนของแผน", "ความคิดเห็น", "ผลการพิจารณา"],
                [
                    [
                        str(n),
                        c.plan.title + (f" — {c.component}" if c.component else ""),
                        c.text + (f" ({c.commenter})" if c.commenter else ""),
                        (
                            ANSWER_TH.get(c.answer, "")
                            + (f": {c.answer_text}" if c.answer_text else "")
                            if c.answer
                            else (
                                "ส่งสำนักงานบริหารยุทธศาสตร์กลุ่มจังหวัดแล้ว รอผลการพิจารณา"
                                if c.forwarded_at
                                else "รอผลการพิจารณา"
                            )
                        ),
                    ]
                    for n, c in enumerate(comments, start=1)
                ],
                widths=[6, 26, 38, 30],
            )
        )
    if consultation.summary:
        out += [b.Heading("สรุป", level=2), b.Para(consultation.summary)]
    return out


def consultation_report(consultation: Consultation, kind: str) -> tuple[bytes, str]:
    blocks = b.with_thai_digits(report_blocks(consultation), True)
    if kind == "docx":
        return docx.write_docx(blocks, title=consultation.title), DOCX
    return pdf.blocks_to_pdf(blocks, title=consultation.title), PDF
