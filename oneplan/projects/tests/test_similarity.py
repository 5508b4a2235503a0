"""The similarity search: Thai tokenising, the index, the labelled pairs, the ORM functions."""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from pathlib import Path

import pytest

from oneplan.projects import similarity
from oneplan.projects.similarity import (
    DUPLICATE_THRESHOLD,
    Draft,
    SimilarityIndex,
    numbers_conflict,
    title_ngrams,
    tokenize,
)

PAIRS = Path(similarity.__file__).parent / "data" / "similarity_pairs.csv"
LABELS = {"duplicate", "paraphrase", "same_topic", "unrelated"}

# Real project rows of the Nakhon Sawan plan (title, objectives), as in the labelled pairs.
ROWS = {
    "cctv": (
        "จัดหาและทดแทน กล้องโทรทัศน์วงจรปิด ที่หมดอายุการใช้งาน",
        "เพื่อทดแทนของเดิม ที่เริ่มชำรุด และด้อยประสิทธิภาพจากการใช้งานมานาน ให้กลับมาใช้งานได้อย่างมีประสิทธิภาพ",
    ),
    "road65": (
        "ก่อสร้างผิวจราจร ค.ส.ล. พร้อมท่อระบายน้ำ ซอยสวรรค์วิถี 65",
        "เพื่อให้ผู้ใช้เส้นทางได้รับความสะดวกปลอดภัย ในการเดินทาง การจราจร การขนส่ง",
    ),
    "road44": (
        "ก่อสร้างผิวจราจร ค.ส.ล. พร้อมท่อระบายน้ำ ซอยสวรรค์วิถี 44 เชื่อมต่อถนนสวรรค์วิถี",
        "เพื่อให้ผู้ใช้เส้นทางได้รับความสะดวกปลอดภัย ในการเดินทาง การจราจร การขนส่ง",
    ),
    "milk": (
        "สนับสนุนอาหารเสริม (นม)",
        "เพื่อให้นักเรียนได้รับอาหารเสริมที่ถูกสุขลักษณะ มีการพัฒนาด้านร่างกายและมีน้ำหนักตามเกณฑ์",
    ),
    "scouts": (
        "ชุมนุมลูกเสือท้องถิ่นแห่งชาติ",
        "เพื่อถวายความจงรักภักดีและเทิดพระเกียรติพระบาทสมเด็จพระเจ้าอยู่หัว และลูกเสือ เนตรนารี "
        "ผู้กำกับลูกเสือ ได้แลกเปลี่ยนความรู้",
    ),
    "tower": (
        "ปรับปรุงอาคารหอชมเมือง",
        "เพื่อให้อาคารหอชมเมืองมีความสมบูรณ์พร้อมใช้งานรองรับนักท่องเที่ยว",
    ),
    "songkran": (
        "จัดงานประเพณี สงกรานต์วิมานแมน",
        "1.เพื่อส่งเสริมสืบสานและอนุรักษ์ประเพณีอันดีงามของท้องถิ่น "
        "2.เพื่อสร้างสัมพันธภาพที่ดี ส่งเสริมให้ประชาชนในชุมชนได้ทำกิจกรรม",
    ),
    "water": (
        "วางท่อเมนประปาถนนรอบเกาะญวน",
        "เพื่อขยายการผลิตน้ำประปาให้ประชาชนใช้อย่างทั่วถึง",
    ),
    "pdpa": (
        "จัดหาระบบ คุ้มครองข้อมูลส่วน บุคล (PDPA)",
        "เพื่อจัดหาระบบคุ้มครองข้อมูลส่วนบุคคลให้สามารถปฏิบัติงานได้อย่างถูกต้อง",
    ),
    "fire": (
        "ก่อสร้างสถานีดับเพลิง (สถานีย่อย)",
        "เพื่อควบคุมพื้นที่ การขยายตัวของเมือง ให้ทั่วถึง",
    ),
}


def labelled_texts() -> list[tuple[str, str]]:
    """Every distinct (title, text) of the labelled pairs: a corpus of real project texts."""
    with PAIRS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts = dict.fromkeys(
        [(r["title_a"], r["text_a"]) for r in rows] + [(r["title_b"], r["text_b"]) for r in rows]
    )
    return list(texts)


@pytest.fixture(scope="module")
def corpus_index() -> tuple[SimilarityIndex, list[tuple[str, str]]]:
    texts = labelled_texts() + [t for t in ROWS.values() if t not in labelled_texts()]
    return SimilarityIndex((i, t, x) for i, (t, x) in enumerate(texts)), texts


# --------------------------------------------------------------------------- tokenising


def test_same_words_whatever_the_spacing_zero_width_and_digits():
    plain = tokenize("ก่อสร้างผิวจราจร พร้อมท่อระบายน้ำ ซอยสวรรค์วิถี 65")
    variants = [
        "ก่อสร้าง ผิวจราจร  พร้อม ท่อระบายน้ำ ซอย สวรรค์วิถี ๖๕",
        "ก่อสร้าง\u200bผิวจราจร\u200cพร้อมท่อระบายน้ำ\ufeffซอยสวรรค์วิถี\u200d65",
        "  ก่อสร้างผิวจราจร\tพร้อมท่อระบายน้ำ\nซอยสวรรค์วิถี  ๖๕ ",
    ]
    assert plain == ["ก่อสร้าง", "ผิวจราจร", "พร้อม", "ท่อระบายน้ำ", "ซอย", "สวรรค์", "วิถี", "65"]
    for variant in variants:
        assert tokenize(variant) == plain


def test_stop_words_abbreviations_and_nominalisers():
    assert tokenize("โครงการพัฒนาศักยภาพ อสม.ใหม่") == [
        "พัฒนา",
        "ศักยภาพ",
        "อาสาสมัคร",
        "สาธารณสุข",
        "ใหม่",
    ]
    assert tokenize("ถนน ค.ส.ล.") == tokenize("ถนนคอนกรีตเสริมเหล็ก") == tokenize("ถนน คสล.")
    assert tokenize("การจัดการขยะ") == tokenize("จัดการขยะ")
    # Punctuation, one-letter fragments and list numbers' dots go; a lone number stays.
    assert "." not in tokenize("1. เพื่อรณรงค์ 2. เพื่อให้ความรู้")
    assert all(len(word) >= 2 or word.isdigit() for word in tokenize("ปรับปรุงผิวพื้นสนามแบตมินตัน"))


def test_title_ngrams_meet_across_a_space_inside_a_word():
    # newmm cuts "ผิว จราจร" and "ผิวจราจร" into different words; the n-grams still meet.
    spaced = set(title_ngrams(tokenize("ซ่อมแซมผิว จราจร ถนนไกรลาศ")))
    joined = set(title_ngrams(tokenize("ซ่อมแซมผิวจราจรถนนไกรลาศ")))
    assert spaced == joined


def test_numbers_conflict_both_ways_only():
    assert numbers_conflict(["65"], ["44"])
    assert numbers_conflict(["4", "4"], ["4", "6"])  # อาคารเรียน 4 (ท.4) / อาคารเรียน 6 (ท.4)
    assert not numbers_conflict([], ["2570"])  # a year added on one side
    assert not numbers_conflict(["4", "12", "3"], ["12", "3"])  # one side says more
    assert not numbers_conflict(["๖๕"], ["๖๕"])


# --------------------------------------------------------------------------- the index


def test_a_re_entered_project_ranks_first_with_meaningful_shared_words(corpus_index):
    index, texts = corpus_index
    original = texts.index(ROWS["cctv"])
    # Entered again: Thai digits, no spaces, a zero-width space, โครงการ, objective cut.
    matches = index.query(
        "โครงการจัดหาและทดแทนกล้องโทรทัศน์วงจรปิด\u200bที่หมดอายุการใช้งาน",
        "เพื่อทดแทนของเดิม ที่เริ่มชำรุด และด้อยประสิทธิภาพจากการใช้งานมานาน",
        k=5,
    )
    assert matches[0].id == original or index.score(matches[0].id, original) == 1.0
    assert matches[0].score >= 0.85
    shared = matches[0].shared_terms
    assert {"กล้องโทรทัศน์", "วงจรปิด", "ทดแทน"} <= set(shared)
    words = set(tokenize(" ".join(ROWS["cctv"])))
    assert all(term in words for term in shared)  # whole Thai words, not n-grams
    assert matches == sorted(matches, key=lambda m: -m.score)


def test_an_unrelated_project_scores_low(corpus_index):
    index, texts = corpus_index
    milk, fire = texts.index(ROWS["milk"]), texts.index(ROWS["fire"])
    assert index.score(milk, fire) < 0.1
    matches = index.query("ส่งเสริมการเลี้ยงโคเนื้อแปลงใหญ่", "เกษตรกรมีรายได้จากการขายโคเนื้อ")
    assert matches  # words such as เกษตรกร and รายได้ are shared ...
    assert all(m.score < 0.3 for m in matches)  # ... but nothing is alike


def test_two_lanes_are_told_apart_by_their_numbers(corpus_index):
    index, texts = corpus_index
    lane65, lane44 = texts.index(ROWS["road65"]), texts.index(ROWS["road44"])
    assert index.score(lane65, lane44) < DUPLICATE_THRESHOLD
    again = index.query("ก่อสร้างผิวจราจร คอนกรีตเสริมเหล็ก พร้อมท่อระบายน้ำ ซอยสวรรค์วิถี ๖๕", k=3)
    assert again[0].id == lane65


def test_exclude_ids(corpus_index):
    index, texts = corpus_index
    tower = texts.index(ROWS["tower"])
    title, text = ROWS["tower"]
    first = index.query(title, text, k=1)[0]
    assert (first.id, first.score) == (tower, 1.0)
    without = index.query(title, text, k=10, exclude_ids=[tower, "not in the index"])
    assert tower not in [m.id for m in without]
    assert 0 < len(without) <= 10


def test_add_replace_and_remove():
    index = SimilarityIndex((key, t, x) for key, (t, x) in ROWS.items())
    assert len(index) == len(ROWS)
    index.add("new", "ติดตั้งไฟฟ้าส่องสว่างพลังงานแสงอาทิตย์ถนนสายบ้านหนองโพ", "ผู้สัญจรปลอดภัยในเวลากลางคืน")
    found = index.query("ติดตั้งไฟส่องสว่างพลังงานแสงอาทิตย์ ถนนบ้านหนองโพ", k=1)
    assert found[0].id == "new" and found[0].score >= DUPLICATE_THRESHOLD
    index.add("new", "อบรมการทำบัญชีครัวเรือนให้เกษตรกร", "เกษตรกรรู้รายรับรายจ่าย")  # replaced
    assert len(index) == len(ROWS) + 1
    assert "new" not in [m.id for m in index.query("ไฟส่องสว่างถนนบ้านหนองโพ", k=3)]
    assert index.query("บัญชีครัวเรือนเกษตรกร", k=1)[0].id == "new"
    index.remove("new")
    assert "new" not in index and len(index) == len(ROWS)
    assert "new" not in [m.id for m in index.query("บัญชีครัวเรือนเกษตรกร", k=10)]
    with pytest.raises(KeyError):
        index.remove("new")
    # An empty index answers nothing.
    assert SimilarityIndex().query("ถนน", k=5) == []


def test_duplicate_pairs_find_the_planted_duplicates_and_nothing_else():
    documents = [(key, t, x) for key, (t, x) in ROWS.items()]
    planted = {
        ("cctv", "cctv again"): ("จัดหาและทดแทนกล้องโทรทัศน์วงจรปิดที่หมดอายุการใช้งาน", ROWS["cctv"][1]),
        ("songkran", "songkran again"): (
            "โครงการจัดงานประเพณีสงกรานต์วิมานแมน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐",
            ROWS["songkran"][1],
        ),
        ("water", "water again"): ("วางท่อเมนประปา ถนนรอบเกาะญวน", "ขยายการผลิตน้ำประปาให้ทั่วถึง"),
    }
    for (_, copy), (title, text) in planted.items():
        documents.append((copy, title, text))
    index = SimilarityIndex(documents)
    pairs = index.duplicate_pairs(DUPLICATE_THRESHOLD)
    found = {frozenset((p.id_a, p.id_b)) for p in pairs}
    assert {frozenset(pair) for pair in planted} <= found
    assert frozenset(("milk", "fire")) not in found
    assert frozenset(("road65", "road44")) not in found  # two lanes: numbers differ
    assert all(p.score >= DUPLICATE_THRESHOLD and p.shared_terms for p in pairs)
    assert pairs == sorted(pairs, key=lambda p: -p.score)
    # The same pairs as scoring every pair (the prefix filter misses none).
    everything = {
        frozenset((a, b))
        for (a, _, _), (b, _, _) in itertools.combinations(documents, 2)
        if index.score(a, b) >= DUPLICATE_THRESHOLD
    }
    assert found == everything


def test_duplicate_pairs_miss_nothing_on_the_labelled_texts(corpus_index):
    index, texts = corpus_index
    for threshold in (0.3, DUPLICATE_THRESHOLD, 0.8):
        found = {frozenset((p.id_a, p.id_b)) for p in index.duplicate_pairs(threshold)}
        everything = {
            frozenset((a, b))
            for a, b in itertools.combinations(range(len(texts)), 2)
            if index.score(a, b) >= threshold
        }
        assert found == everything


# --------------------------------------------------------------------------- labelled pairs


def test_the_labelled_set_is_valid_and_balanced():
    with PAIRS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [
            "pair_id",
            "label",
            "source",
            "title_a",
            "text_a",
            "title_b",
            "text_b",
            "note",
        ]
        rows = list(reader)
    assert len(rows) >= 300
    assert len({r["pair_id"] for r in rows}) == len(rows)
    labels = Counter(r["label"] for r in rows)
    assert set(labels) == LABELS
    assert min(labels.values()) >= 60
    assert {r["source"] for r in rows} <= {"real", "real_edited", "written"}
    assert all(r["title_a"].strip() and r["title_b"].strip() for r in rows)
    assert len({(r["title_a"], r["text_a"], r["title_b"], r["text_b"]) for r in rows}) == len(rows)


def test_precision_and_recall_on_the_labelled_set_hold():
    from bench.similarity import best_threshold, load_pairs, quality_at, score_pairs

    pairs = load_pairs(PAIRS)
    scores = score_pairs(pairs)
    positives = [p.positive for p in pairs]
    quality = quality_at(scores, positives, DUPLICATE_THRESHOLD)
    # Floors: the values measured when DUPLICATE_THRESHOLD was chosen (precision 0.822,
    # recall 0.798, F1 0.810 on 336 pairs; `python -m bench.similarity`) less 0.04.
    assert quality.precision >= 0.78
    assert quality.recall >= 0.76
    assert quality.f1 >= 0.77
    # The threshold in use is still (close to) the one with the best F1.
    assert abs(best_threshold(scores, positives).threshold - DUPLICATE_THRESHOLD) <= 0.05
    # Re-entered projects are found; two unrelated projects never reach the threshold.
    by_label = {
        label: [s for s, p in zip(scores, pairs, strict=True) if p.label == label]
        for label in LABELS
    }
    assert min(by_label["duplicate"]) >= DUPLICATE_THRESHOLD
    assert sum(s >= DUPLICATE_THRESHOLD for s in by_label["unrelated"]) <= 3


# --------------------------------------------------------------------------- proposals


@pytest.fixture
def proposals(db):
    from oneplan.areas.models import Area
    from oneplan.cycles.models import Cycle
    from oneplan.projects.models import Proposal

    similarity.clear_caches()
    rayong = Area.objects.get(code="21")
    district = Area.objects.get(code="2101")
    this_year = Cycle.objects.get(fiscal_year_be=2570)
    last_year = Cycle.objects.get(fiscal_year_be=2569)

    def make(code: str, cycle, title: str, objectives: str, **fields) -> Proposal:
        return Proposal.objects.create(
            cycle=cycle,
            level="province",
            province=rayong,
            area=fields.pop("area", rayong),
            funding_channel="province",
            proposer_kind=fields.pop("proposer_kind", "agency"),
            reference_code=code,
            title=title,
            objectives=objectives,
            **fields,
        )

    pond = "ขุดลอกหนองน้ำสาธารณะบ้านหนองสนม หมู่ที่ 7 ตำบลแกลงทดสอบ"
    pond_text = "เพิ่มปริมาณการกักเก็บน้ำไว้ใช้ในฤดูแล้งของบ้านหนองสนม"
    made = {
        "mine": make("SIM-1", this_year, pond, pond_text),
        "again": make(
            "SIM-2",
            this_year,
            "โครงการขุดลอกหนองน้ำสาธารณะ บ้านหนองสนม หมู่ที่ ๗ ตำบลแกลงทดสอบ",
            pond_text,
            area=district,
            proposer_kind="district",
            responsible_agency="ที่ว่าการอำเภอเมืองระยอง",
        ),
        "approved": make(
            "SIM-3",
            last_year,
            "ขุดลอกหนองน้ำสาธารณะบ้านหนองสนม หมู่ 7 ตำบลแกลงทดสอบ",
            pond_text,
            status="approved",
        ),
        "not approved": make("SIM-4", last_year, pond, pond_text, status="rejected"),
        "other": make(
            "SIM-5",
            this_year,
            "อบรมการทำบัญชีครัวเรือนให้เกษตรกรผู้ปลูกทุเรียน",
            "เกษตรกรรู้รายรับรายจ่าย",
        ),
    }
    yield made
    similarity.clear_caches()


def test_similar_proposals_of_the_cycle_and_approved_earlier(proposals):
    from oneplan.projects.similarity import similar_proposals

    mine = proposals["mine"]
    found = {m.proposal.pk: m for m in similar_proposals(mine, mine.cycle, k=50)}
    assert mine.pk not in found
    again, approved = found[proposals["again"].pk], found[proposals["approved"].pk]
    assert again.same_cycle and again.likely_duplicate and again.score >= 0.8
    assert not approved.same_cycle and approved.likely_duplicate
    assert proposals["not approved"].pk not in found  # rejected in an earlier cycle
    assert "หนองสนม" in again.shared_terms or "สนม" in " ".join(again.shared_terms)
    assert again.agency == "ที่ว่าการอำเภอเมืองระยอง"
    assert again.district == "อำเภอเมืองระยอง"
    assert approved.district == ""
    other = found.get(proposals["other"].pk)
    assert other is None or not other.likely_duplicate
    ranked = list(found.values())
    assert ranked == sorted(ranked, key=lambda m: -m.score)


def test_similar_proposals_for_a_draft_and_after_an_edit(proposals):
    from oneplan.projects.similarity import similar_proposals

    cycle = proposals["mine"].cycle
    draft = Draft("ขุดลอกหนองสาธารณะบ้านหนองสนม ม.7", "เก็บน้ำไว้ใช้หน้าแล้ง")
    ids = [m.proposal.pk for m in similar_proposals(draft, cycle, k=5)]
    assert proposals["mine"].pk in ids and proposals["approved"].pk in ids
    assert (
        similar_proposals("อบรมการทำบัญชีครัวเรือนเกษตรกร", cycle, k=1)[0].proposal
        == (proposals["other"])
    )
    # The index follows the proposals: an edited title is searched at once.
    other = proposals["other"]
    other.title = "ซ่อมแซมหอกระจายข่าวประจำหมู่บ้านหนองสนม"
    other.save()
    first = similar_proposals("หอกระจายข่าวประจำหมู่บ้าน", cycle, k=1)
    assert first[0].proposal.pk == other.pk


def test_duplicate_report_of_a_cycle(proposals):
    from oneplan.projects.similarity import duplicate_report, duplicate_threshold

    cycle = proposals["mine"].cycle
    report = duplicate_report(cycle)
    pairs = {frozenset((d.a.pk, d.b.pk)): d for d in report}
    mine, again, approved = proposals["mine"], proposals["again"], proposals["approved"]
    assert pairs[frozenset((mine.pk, again.pk))].same_cycle
    earlier = pairs[frozenset((mine.pk, approved.pk))]
    assert not earlier.same_cycle and earlier.a.cycle_id == cycle.pk and earlier.b == approved
    assert all(d.a.cycle_id == cycle.pk for d in report)
    assert all(d.score >= duplicate_threshold() for d in report)  # the model's probability
    assert not any(proposals["not approved"].pk in key for key in pairs)
    assert not any(proposals["other"].pk in key for key in pairs)
