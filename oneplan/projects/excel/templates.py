"""The templates: one `Template` per `Source`, its columns and their Thai help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from oneplan.plans import importing
from oneplan.projects.excel.words import NO, SHEET_DATA, WHOLE_AREA, YES
from oneplan.projects.models import FundingChannel, ProposerKind


class Source(StrEnum):
    AGENCY = "agency"  # ส่วนราชการ
    DISTRICT = "district"  # ก.บ.อ. เกินศักยภาพอำเภอ
    PAO = "pao"  # อบจ. เกินศักยภาพ
    LOCAL = "local"  # อปท. แบบ ผ.02
    LOCAL_COORDINATED = "local_coordinated"  # อปท. แบบ ผ.02/2 ประสานโครงการพัฒนาจังหวัด
    CONSULTATION = "consultation"  # การประชุมปรึกษาหารือ


@dataclass(frozen=True)
class Column(importing.Column):
    """A template column; `aliases` are other headers real files use for it."""

    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    source: Source
    name: str  # what the template is, in Thai
    sheet: str
    proposer_kind: str
    funding_channel: str | None  # fixed for the DLA forms; None: from the column
    dla_form: bool
    code_prefix: str
    leading: tuple[Column, ...]  # the columns before the budget years
    trailing: tuple[Column, ...]  # ... and after them
    required_headers: tuple[str, ...]  # columns a file must have (their cells may be blank)

    def columns(self, years: Sequence[int]) -> tuple[Column, ...]:
        return self.leading + tuple(budget_column(y) for y in years) + self.trailing

    @property
    def title_column(self) -> Column:
        return next(c for c in self.leading if c.key == "title")


BAHT_FORMAT = "#,##0.00"
PLAIN = importing.PLAIN

COL_CODE = Column(
    "code",
    "รหัสอ้างอิง",
    "รหัสของโครงการ ห้ามซ้ำกันในรอบปีงบประมาณ เช่น AG-001 ระบบใช้รหัสนี้จับคู่กับโครงการเดิม"
    " เมื่อนำเข้าไฟล์ซ้ำ (แก้ไขโครงการเดิมแทนการเพิ่มใหม่)",
    required=True,
    width=16,
    as_text=True,
    aliases=("รหัสโครงการ", "รหัส"),
)
COL_TITLE = Column("title", "ชื่อโครงการ", "ชื่อโครงการ", required=True, width=50, aliases=("โครงการ",))
COL_DISTRICT = Column(
    "district",
    "อำเภอ",
    "อำเภอที่เสนอโครงการ (เลือกจากรายการในเซลล์) โครงการจะอยู่ในความดูแลของอำเภอนี้",
    required=True,
    width=18,
)
COL_ISSUE = Column(
    "issue",
    "ประเด็นยุทธศาสตร์",
    "ลำดับของประเด็นยุทธศาสตร์ในแผนพัฒนาจังหวัดที่โครงการนี้สนับสนุน เช่น 1 (เลือกจากรายการในเซลล์)",
    width=12,
    number_format=PLAIN,
    aliases=("ประเด็นยุทธศาสตร์จังหวัด", "ประเด็นยุทธศาสตร์ที่"),
)
COL_RATIONALE = Column("rationale", "หลักการและเหตุผล", "หลักการและเหตุผลของโครงการ", width=40)
COL_OBJECTIVES = Column("objectives", "วัตถุประสงค์", "วัตถุประสงค์ เขียนเป็นข้อ ๆ ได้ (1. … 2. …)", width=40)
COL_TARGET = Column(
    "target",
    "เป้าหมาย (ผลผลิต)",
    "เป้าหมาย (ผลผลิตของโครงการ) ข้อละหนึ่งผลผลิต (1. … 2. … หรือ - …) เขียนจำนวนและหน่วยนับ"
    " เช่น “ถนน ค.ส.ล. 1 สาย” “จำนวน 200 คน” ระบบจะอ่านจำนวนและหน่วยนับให้",
    width=40,
    aliases=("เป้าหมาย", "เป้าหมาย (ผลผลิตของโครงการ)", "ผลผลิต"),
)
COL_INDICATOR = Column(
    "indicator",
    "ตัวชี้วัด",
    "ตัวชี้วัด (KPI) ข้อละหนึ่งตัวชี้วัด เช่น “ผู้เข้าร่วมมีความพึงพอใจ ร้อยละ 80”",
    width=36,
    aliases=("ตัวชี้วัด (KPI)", "ตัวชี้วัด(KPI)", "KPI"),
)
COL_OUTCOMES = Column(
    "outcomes",
    "ผลลัพธ์ที่คาดว่าจะได้รับ",
    "ผลลัพธ์หรือผลที่คาดว่าจะได้รับ",
    width=36,
    aliases=("ผลที่คาดว่าจะได้รับ", "ผลลัพธ์"),
)
COL_BENEFITS = Column("benefits", "ประโยชน์ที่คาดว่าจะได้รับ", "ประโยชน์ที่ประชาชนหรือพื้นที่จะได้รับ", width=36)
COL_LOCATIONS = Column(
    "locations",
    "พื้นที่ดำเนินการ",
    f"“{WHOLE_AREA}” หรือชื่ออำเภอที่ดำเนินการ คั่นด้วยจุลภาค เช่น เมืองระยอง, บ้านฉาง",
    width=24,
)
COL_START = Column("start", "วันเริ่มต้น", "วันเริ่มต้นโครงการ เช่น 1/10/2569 หรือ 1 ต.ค. 69", width=14)
COL_END = Column("end", "วันสิ้นสุด", "วันสิ้นสุดโครงการ (ไม่ก่อนวันเริ่มต้น)", width=14)
COL_FUNDING = Column(
    "funding",
    "แหล่งงบประมาณ",
    "แหล่งงบประมาณที่ขอ เลือกจากรายการในเซลล์",
    required=True,
    width=22,
)
COL_DIRECT = Column(
    "direct",
    "ขอตั้งงบประมาณโดยตรง",
    f"{YES} ถ้าขอตั้งงบประมาณจากสำนักงบประมาณโดยตรง (ว่าง = {NO})",
    width=14,
)
COL_CATEGORY = Column(
    "category",
    "หมวดงบประมาณ",
    "หมวดรายจ่ายของงบประมาณทุกปีในแถวนี้ เลือกจากรายการในเซลล์ (ต้องกรอกเมื่อมีงบประมาณ)",
    width=16,
)
COL_RESPONSIBLE = Column(
    "responsible",
    "หน่วยงานรับผิดชอบ",
    "หน่วยงานที่รับผิดชอบดำเนินโครงการ",
    width=30,
    aliases=("หน่วยงานรับผิดชอบหลัก", "หน่วยงานที่รับผิดชอบ", "หน่วยงานที่รับผิดชอบหลัก"),
)

# The DLA form's own columns, named as on the form.
DLA_SEQ = Column("seq", "ที่", "ลำดับที่ (ไม่นำเข้า)", width=6)
DLA_TITLE = Column(
    "title",
    "โครงการ",
    "ชื่อโครงการ (ขึ้นบรรทัดใหม่ในเซลล์ได้)",
    required=True,
    width=40,
    aliases=("ชื่อโครงการ",),
)
DLA_OBJECTIVES = Column("objectives", "วัตถุประสงค์", COL_OBJECTIVES.help, width=40)
DLA_TARGET = Column(
    "target",
    "เป้าหมาย (ผลผลิตของโครงการ)",
    COL_TARGET.help,
    width=36,
    aliases=("เป้าหมาย", "เป้าหมาย (ผลผลิต)"),
)
DLA_INDICATOR = Column(
    "indicator",
    "ตัวชี้วัด (KPI)",
    COL_INDICATOR.help,
    width=30,
    aliases=("ตัวชี้วัด", "KPI"),
)
DLA_OUTCOMES = Column(
    "outcomes",
    "ผลที่คาดว่าจะได้รับ",
    "ผลที่คาดว่าจะได้รับ",
    width=36,
    aliases=("ผลลัพธ์ที่คาดว่าจะได้รับ",),
)
DLA_RESPONSIBLE = Column(
    "responsible",
    "หน่วยงานรับผิดชอบหลัก",
    "หน่วยงานรับผิดชอบหลัก (กอง/สำนัก)",
    width=24,
    aliases=("หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ"),
)
DLA_CODE = Column(
    "code",
    "รหัสอ้างอิง",
    "ไม่มีในแบบ ผ.02 ของกรมส่งเสริมการปกครองท้องถิ่น เพิ่มไว้เพื่อนำเข้าซ้ำได้: ถ้าเว้นว่าง ระบบสร้างรหัสให้"
    " จากชื่อโครงการและหน่วยงานรับผิดชอบหลัก (แก้ชื่อโครงการแล้วนำเข้าใหม่จะกลายเป็นโครงการใหม่"
    " ถ้าต้องการแก้ชื่อ ให้กรอกรหัสอ้างอิงไว้)",
    width=16,
    as_text=True,
    aliases=COL_CODE.aliases,
)
DLA_ISSUE = Column(
    "issue",
    "ประเด็นยุทธศาสตร์จังหวัด",
    COL_ISSUE.help + " (ไม่มีในแบบ ผ.02/2 เพิ่มไว้เพื่อเชื่อมกับแผนพัฒนาจังหวัด)",
    width=12,
    number_format=PLAIN,
    aliases=("ประเด็นยุทธศาสตร์",),
)

_SOURCE_COLUMNS = (
    COL_CODE,
    COL_TITLE,
    COL_ISSUE,
    COL_RATIONALE,
    COL_OBJECTIVES,
    COL_TARGET,
    COL_INDICATOR,
    COL_OUTCOMES,
    COL_BENEFITS,
    COL_LOCATIONS,
    COL_START,
    COL_END,
    COL_FUNDING,
    COL_DIRECT,
    COL_CATEGORY,
)
_DLA_LEADING = (DLA_SEQ, DLA_TITLE, DLA_OBJECTIVES, DLA_TARGET)
_DLA_TRAILING = (DLA_INDICATOR, DLA_OUTCOMES, DLA_RESPONSIBLE, DLA_CODE)
_SOURCE_HEADERS = ("code", "title", "funding")
_DLA_HEADERS = ("title", "objectives", "target", "indicator", "outcomes", "responsible")


def budget_column(year: int) -> Column:
    return Column(
        f"budget:{year}",
        f"งบประมาณ {year}",
        f"งบประมาณปี พ.ศ. {year} หน่วยบาท (ว่างหรือ - = ไม่มี)",
        width=14,
        number_format=BAHT_FORMAT,
    )


TEMPLATES: dict[str, Template] = {
    Source.AGENCY: Template(
        Source.AGENCY,
        "โครงการที่ส่วนราชการเสนอ",
        SHEET_DATA,
        ProposerKind.AGENCY,
        None,
        False,
        "AG",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
    Source.DISTRICT: Template(
        Source.DISTRICT,
        "โครงการเกินศักยภาพอำเภอ (ก.บ.อ.)",
        SHEET_DATA,
        ProposerKind.DISTRICT,
        None,
        False,
        "DT",
        (COL_CODE, COL_TITLE, COL_DISTRICT, *_SOURCE_COLUMNS[2:]),
        (COL_RESPONSIBLE,),
        (*_SOURCE_HEADERS, "district"),
    ),
    Source.PAO: Template(
        Source.PAO,
        "โครงการเกินศักยภาพองค์การบริหารส่วนจังหวัด (อบจ.)",
        SHEET_DATA,
        ProposerKind.PAO,
        None,
        False,
        "PAO",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
    Source.LOCAL: Template(
        Source.LOCAL,
        "แบบ ผ.02 รายละเอียดโครงการพัฒนา (แผนพัฒนาท้องถิ่น)",
        "ผ.02",
        ProposerKind.LOCAL,
        FundingChannel.LOCAL,
        True,
        "L02",
        _DLA_LEADING,
        _DLA_TRAILING,
        _DLA_HEADERS,
    ),
    Source.LOCAL_COORDINATED: Template(
        Source.LOCAL_COORDINATED,
        "แบบ ผ.02/2 รายละเอียดโครงการพัฒนาที่ประสานโครงการพัฒนาจังหวัด",
        "ผ.02-2",
        ProposerKind.LOCAL,
        FundingChannel.PROVINCE,
        True,
        "L022",
        _DLA_LEADING,
        (*_DLA_TRAILING, DLA_ISSUE),
        _DLA_HEADERS,
    ),
    Source.CONSULTATION: Template(
        Source.CONSULTATION,
        "โครงการจากการประชุมปรึกษาหารือ",
        SHEET_DATA,
        ProposerKind.CONSULTATION,
        None,
        False,
        "CS",
        _SOURCE_COLUMNS,
        (COL_RESPONSIBLE,),
        _SOURCE_HEADERS,
    ),
}


def template_for(source: str) -> Template:
    try:
        return TEMPLATES[Source(source)]
    except ValueError:
        raise ValueError(f"unknown proposal source {source!r}") from None
