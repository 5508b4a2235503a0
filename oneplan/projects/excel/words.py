"""The words of the proposal templates: Thai labels of the choices, the units of a
quantity, and the converters of the choice columns."""

from __future__ import annotations

from oneplan.documents.workbook import choice
from oneplan.plans import importing
from oneplan.projects.models import BudgetCategory, FundingChannel, ProposalStatus, ProposerKind

SHEET_DATA = "โครงการ"

FUNDING_LABELS: dict[str, str] = {
    FundingChannel.PROVINCE: "งบประมาณจังหวัด",
    FundingChannel.CLUSTER: "งบประมาณกลุ่มจังหวัด",
    FundingChannel.FUNCTION: "งบกระทรวง/กรม (Function)",
    FundingChannel.LOCAL: "งบ อปท.",
    FundingChannel.OTHER: "เอกชน/อื่น ๆ",
}
CATEGORY_LABELS: dict[str, str] = {
    BudgetCategory.PERSONNEL: "งบบุคลากร",
    BudgetCategory.OPERATING: "งบดำเนินงาน",
    BudgetCategory.INVESTMENT: "งบลงทุน",
    BudgetCategory.SUBSIDY: "งบเงินอุดหนุน",
    BudgetCategory.OTHER: "งบรายจ่ายอื่น",
}
PROPOSER_LABELS: dict[str, str] = {
    ProposerKind.AGENCY: "ส่วนราชการ",
    ProposerKind.DISTRICT: "อำเภอ (ก.บ.อ.) เกินศักยภาพอำเภอ",
    ProposerKind.PAO: "อบจ. เกินศักยภาพ",
    ProposerKind.LOCAL: "องค์กรปกครองส่วนท้องถิ่น",
    ProposerKind.CONSULTATION: "การประชุมปรึกษาหารือ",
}
STATUS_LABELS: dict[str, str] = {
    ProposalStatus.IDEA: "ข้อเสนอโครงการ (Project Idea)",
    ProposalStatus.FULL: "โครงการฉบับสมบูรณ์",
    ProposalStatus.SCREENED: "ผ่านการกลั่นกรองเบื้องต้น",
    ProposalStatus.CLINIC: "อยู่ในคลินิกโครงการ",
    ProposalStatus.APPROVED: "บรรจุในแผนปฏิบัติราชการ",
    ProposalStatus.RETURNED: "ส่งกลับให้แก้ไข",
    ProposalStatus.REJECTED: "ไม่ผ่านการพิจารณา",
}
WHOLE_AREA = "ทั้งจังหวัด"
WHOLE_CLUSTER = "ทั้งกลุ่มจังหวัด"
YES, NO = importing.YES, importing.NO

_FUNDING_WORDS: dict[str, str] = {
    **{label: value for value, label in FUNDING_LABELS.items()},
    **{str(value): str(value) for value in FundingChannel.values},
    **{str(label).lower(): str(value) for value, label in FundingChannel.choices},
    "จังหวัด": FundingChannel.PROVINCE,
    "งบจังหวัด": FundingChannel.PROVINCE,
    "กลุ่มจังหวัด": FundingChannel.CLUSTER,
    "งบกลุ่มจังหวัด": FundingChannel.CLUSTER,
    "งบกระทรวง/กรม": FundingChannel.FUNCTION,
    "function": FundingChannel.FUNCTION,
    "งบ อปท": FundingChannel.LOCAL,
    "อปท.": FundingChannel.LOCAL,
    "งบองค์กรปกครองส่วนท้องถิ่น": FundingChannel.LOCAL,
    "เอกชน": FundingChannel.OTHER,
    "อื่น ๆ": FundingChannel.OTHER,
    "อื่นๆ": FundingChannel.OTHER,
}
_CATEGORY_WORDS: dict[str, str] = {
    **{label: value for value, label in CATEGORY_LABELS.items()},
    **{label.removeprefix("งบ"): value for value, label in CATEGORY_LABELS.items()},
    **{str(value): str(value) for value in BudgetCategory.values},
    **{str(label).lower(): str(value) for value, label in BudgetCategory.choices},
}
funding_of = choice(_FUNDING_WORDS, " / ".join(FUNDING_LABELS.values()))
category_of = choice(_CATEGORY_WORDS, " / ".join(CATEGORY_LABELS.values()))

# Units recognised after a number ("200 คน", "จำนวน 1 แห่ง"), longest first when matching.
UNITS: tuple[str, ...] = (
    "คน",
    "ราย",
    "ท่าน",
    "ครัวเรือน",
    "หลังคาเรือน",
    "ครอบครัว",
    "แห่ง",
    "จุด",
    "หลัง",
    "ครั้ง",
    "รุ่น",
    "วัน",
    "เดือน",
    "ปี",
    "ชุมชน",
    "หมู่บ้าน",
    "ตำบล",
    "อำเภอ",
    "โรงเรียน",
    "กลุ่ม",
    "เครือข่าย",
    "องค์กร",
    "หน่วยงาน",
    "โครงการ",
    "กิจกรรม",
    "หลักสูตร",
    "เครื่อง",
    "ชุด",
    "ตัว",
    "คัน",
    "ลำ",
    "บ่อ",
    "ต้น",
    "ตัน",
    "กล้อง",
    "ป้าย",
    "ระบบ",
    "สาย",
    "เส้น",
    "งาน",
    "แปลง",
    "ไร่",
    "เมตร",
    "กิโลเมตร",
    "กม.",
    "ตารางเมตร",
    "ตร.ม.",
    "ต.ร.ม.",
    "ลูกบาศก์เมตร",
    "ลบ.ม.",
    "ผลิตภัณฑ์",
    "ร้าน",
    "เล่ม",
    "ฉบับ",
    "ชิ้น",
    "ห้อง",
    "อาคาร",
)
