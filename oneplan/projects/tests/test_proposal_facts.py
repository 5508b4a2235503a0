"""What a project text says about which project it is (`proposal_facts`), the learned judgement
over it (`pair_model`), and the lexicon the secretariat keeps in the admin (issue 13)."""

from __future__ import annotations

import csv

import pytest
from auditlog.models import LogEntry
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from oneplan.projects import similarity
from oneplan.projects.models import LexiconEntry
from oneplan.projects.pair_model import FEATURES, packaged_model, read_side
from oneplan.projects.proposal_facts import (
    DIFFERENT,
    LEXICON_CSV,
    SAME,
    Lexicon,
    compare,
    normalise,
    packaged_lexicon,
    read_facts,
)

LEX = packaged_lexicon()


def signals(a: str, b: str) -> dict[str, int]:
    return {s.fact: s.direction for s in compare(read_facts(a), read_facts(b))}


# --------------------------------------------------------------------------- normalising


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ก่อสร้างถนน ค.ส.ล. สายกลางบ้าน", "ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายกลางบ้าน"),
        ("ถนนคสล. ม.4", "ถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4"),
        ("ซ่อมถนน ต.ท่าประดู่", "ซ่อมถนน ตำบลท่าประดู่"),
        ("ฝึกอาชีพให้เกษตรกร", "อบรมอาชีพให้เกษตรกร"),
        ("ส่งเสริมการแปรรูปสัตว์น้ำ", "ส่งเสริมการแปรรูปอาหารทะเล"),
        ("ยกระดับมาตรฐานผลไม้", "พัฒนามาตรฐานผลไม้"),
        ("ถนนหมู่ที่ ๔", "ถนนหมู่ที่ 4"),
    ],
)
def test_two_ways_of_writing_one_thing_read_the_same(one, other):
    a, b = read_side(one), read_side(other)
    assert a.title_words == b.title_words
    assert a.facts == b.facts


@given(st.text(max_size=120))
@settings(max_examples=150, deadline=None)
def test_normalising_twice_changes_nothing_and_any_text_is_read(text):
    once = normalise(text, LEX)
    assert normalise(once, LEX) == once
    read_facts(text, text)  # never raises


# --------------------------------------------------------------------------- facts


def test_places_numbers_and_kinds_are_read_from_the_title():
    facts = read_facts(
        "โครงการก่อสร้างถนน ค.ส.ล. หมู่ที่ 4 บ้านวัดไทร ตำบลหัวเขา อำเภอสองพี่น้อง "
        "ระยะทาง 1,200 เมตร ระยะที่ 2 ปี 2568"
    )
    assert facts.villages == {4}
    assert facts.village_names == {"วัดไทร"}
    assert facts.subdistricts == {"หัวเขา"} and facts.districts == {"สองพี่น้อง"}
    assert facts.quantities == {("1200", "เมตร")}
    assert facts.phases == {2} and facts.years == {2568}
    assert facts.actions == {"ก่อสร้าง"} and facts.objects == {"ถนน"}
    assert not facts.spans


def test_a_lane_keeps_its_number_and_a_range_of_villages_spans():
    assert read_facts("รางระบายน้ำ ซอยสวรรค์วิถี 65").routes == {"สวรรค์วิถี 65"}
    spanning = read_facts("ซ่อมแซมถนนลูกรัง หมู่ที่ 1-5 ตำบลท่าประดู่")
    assert spanning.villages == {1, 2, 3, 4, 5} and spanning.spans
    assert read_facts("ขุดลอกคลองทุกหมู่บ้าน").spans
    assert read_facts("ส่งเสริมอาชีพ จำนวน 5 หมู่บ้าน").spans
    assert not read_facts("ก่อสร้างถนน หมู่ที่ 4 ตำบล หัวเขา").spans


def test_the_places_of_the_text_count_when_the_title_names_none():
    facts = read_facts("ขุดลอกคลองส่งน้ำ", "เพื่อแก้ปัญหาน้ำท่วม หมู่ที่ 3 ตำบลบางกะจะ")
    assert facts.villages == {3} and facts.subdistricts == {"บางกะจะ"}
    # the title's places win over the text's
    assert read_facts("ขุดลอกคลอง หมู่ที่ 2", "หมู่ที่ 9").villages == {2}


def test_the_issues_patterns_give_the_signals_a_reviewer_would_see():
    # the same frame in another place, with another neighbour, for another group
    assert signals("ก่อสร้างถนน คสล. หมู่ที่ 4", "ก่อสร้างถนน คสล. หมู่ที่ 7")["villages"] == (DIFFERENT)
    assert signals("งานแสดงสินค้าชายแดนไทย-ลาว", "งานแสดงสินค้าชายแดนไทย-กัมพูชา")["countries"] == (
        DIFFERENT
    )
    assert signals("อบรมอาชีพเกษตรกร", "ฝึกอาชีพผู้สูงอายุ")["targets"] == DIFFERENT
    assert signals("อบรมอาชีพเกษตรกร", "ฝึกอาชีพผู้สูงอายุ")["actions"] == SAME
    # one project over several villages does not differ from one of them by place
    spanning = signals("ซ่อมถนนลูกรัง หมู่ที่ 1-5", "ซ่อมถนนลูกรัง หมู่ที่ 3")
    assert "villages" not in spanning or spanning["villages"] == SAME
    # a missing fact says nothing
    assert "villages" not in signals("ก่อสร้างถนน คสล.", "ก่อสร้างถนน คสล. หมู่ที่ 4")


words = st.sampled_from(
    ["ก่อสร้าง", "ถนน", "คสล.", "หมู่ที่ 4", "หมู่ที่ 7", "บ้านวัดไทร", "ตำบลหัวเขา", "อบรม",
     "เกษตรกร", "ผู้สูงอายุ", "ลาว", "กัมพูชา", "ระยะที่ 2", "2568", "ซอยสุข 3", " "]
)  # fmt: skip


@given(st.lists(words, max_size=8), st.lists(words, max_size=8))
@settings(max_examples=150, deadline=None)
def test_comparing_is_symmetric(a, b):
    one, other = read_facts("".join(a)), read_facts("".join(b))
    forward = {(s.fact, s.direction) for s in compare(one, other)}
    backward = {(s.fact, s.direction) for s in compare(other, one)}
    assert forward == backward
    assert all(s.direction == SAME for s in compare(one, one))


# --------------------------------------------------------------------------- the model


def test_the_packaged_model_names_every_feature_and_a_threshold():
    model = packaged_model()
    assert set(model.weights) == set(FEATURES)
    assert 0 < model.threshold < 1


def test_a_judgement_gives_its_reasons_largest_first():
    model = packaged_model()
    a = read_side("ก่อสร้างถนน คสล. หมู่ที่ 4 บ้านวัดไทร ตำบลหัวเขา")
    b = read_side("ก่อสร้างถนนคอนกรีตเสริมเหล็ก ม.4 บ้านวัดไทร ต.หัวเขา")
    judged = model.judge(a, b)
    assert 0 < judged.probability < 1
    parts = [abs(r.contribution) for r in judged.reasons]
    assert parts == sorted(parts, reverse=True)
    assert {r.feature for r in judged.reasons} & {"villages_same", "village_names_same"}
    alone = model.judge(a, a)
    assert alone.probability >= judged.probability - 1e-9 or judged.probability > 0.5


@pytest.mark.parametrize(
    ("one", "other", "same_project"),
    [
        # the issue's patterns: the same frame elsewhere is another project ...
        ("ก่อสร้างถนน คสล. หมู่ที่ 4 บ้านวัดไทร", "ก่อสร้างถนน คสล. หมู่ที่ 7 บ้านดงมะไฟ", False),
        ("งานแสดงสินค้าการค้าชายแดนไทย-ลาว", "งานแสดงสินค้าการค้าชายแดนไทย-กัมพูชา", False),
        ("อบรมอาชีพให้เกษตรกร", "อบรมอาชีพให้ผู้สูงอายุ", False),
        # ... and the same project in other words is one
        ("ก่อสร้างถนน ค.ส.ล. หมู่ที่ 4 บ้านวัดไทร", "ก่อสร้างถนนคอนกรีตเสริมเหล็ก ม.4 บ้านวัดไทร", True),
        ("อบรมอาชีพให้เกษตรกร", "ฝึกอาชีพให้เกษตรกร", True),
        ("ขุดลอกคลองส่งน้ำ หมู่ที่ 1-5", "ขุดลอกคลองส่งน้ำ หมู่ที่ 3", True),
    ],
)
def test_the_model_tells_the_issues_patterns_apart(one, other, same_project):
    judged = packaged_model().judge(read_side(one), read_side(other))
    assert judged.likely_duplicate is same_project


def test_different_places_are_never_a_likely_duplicate_however_alike_the_words():
    model = packaged_model()
    a = read_side("ก่อสร้างถนน คสล. หมู่ที่ 4 ตำบลหัวเขา", "ถนน คสล. กว้าง 5 เมตร ยาว 1,200 เมตร")
    b = read_side("ก่อสร้างถนน คสล. หมู่ที่ 4 ตำบลบ้านโพธิ์", "ถนน คสล. กว้าง 5 เมตร ยาว 1,200 เมตร")
    judged = model.judge(a, b)
    assert not judged.likely_duplicate and judged.probability < model.threshold
    assert any(r.feature == "place_different" for r in judged.reasons)
    # a typing slip in a place's name is not another place
    c = read_side("ก่อสร้างถนน คสล. หมู่ที่ 4 ตำบลหัวเขาา", "ถนน คสล. กว้าง 5 เมตร ยาว 1,200 เมตร")
    assert model.judge(a, c).likely_duplicate


# --------------------------------------------------------------------------- the lexicon


def test_a_lexicon_row_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Lexicon.from_rows([("verb", "ทำ", "do")])


@pytest.mark.django_db
def test_the_reference_data_loads_the_packaged_lexicon():
    with LEXICON_CSV.open(encoding="utf-8") as f:
        rows = {(r["kind"], r["term"]) for r in csv.DictReader(f)}
    loaded = set(LexiconEntry.objects.values_list("kind", "term"))
    assert rows <= loaded


@pytest.mark.django_db
def test_a_word_the_secretariat_adds_in_the_admin_is_read(demo_user):
    similarity.clear_caches()
    before = similarity.reading()[0]
    assert normalise("ถนนลาดยางแอสฟัลต์", before) == "ถนนลาดยางแอสฟัลต์"
    client = Client()
    client.force_login(demo_user("secretariat"))
    response = client.post(
        "/admin/projects/lexiconentry/add/",
        {"kind": "synonym", "term": "ลาดยางแอสฟัลต์", "canonical": "ลาดยาง", "note": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    entry = LexiconEntry.objects.get(term="ลาดยางแอสฟัลต์")
    assert LogEntry.objects.get_for_object(entry).get().actor == demo_user("secretariat")
    similarity.clear_caches()
    assert normalise("ถนนลาดยางแอสฟัลต์", similarity.reading()[0]) == "ถนนลาดยาง"
    # a province's strategy group reads the lexicon but does not change it
    province = Client()
    province.force_login(demo_user("rayong"))
    refused = province.post(
        "/admin/projects/lexiconentry/add/",
        {"kind": "synonym", "term": "ทดสอบ", "canonical": "ทดลอง", "note": ""},
    )
    assert refused.status_code in (302, 403, 404)
    assert not LexiconEntry.objects.filter(term="ทดสอบ").exists()


@pytest.mark.django_db
def test_the_api_explains_each_similar_project(demo_user):
    similarity.clear_caches()
    api = APIClient()
    api.force_authenticate(demo_user("rayong_agency"))
    draft = {
        "cycle": 2570,
        "title": "โครงการพัฒนาศักยภาพการผลิตทุเรียนคุณภาพเพื่อการส่งออก",
        "text": "เพื่อยกระดับคุณภาพทุเรียนให้ได้มาตรฐาน GAP",
        "limit": 3,
    }
    data = api.post("/api/v1/proposals/similar", draft, format="json").json()
    best = data["matches"][0]
    assert best["reasons"]
    for reason in best["reasons"]:
        assert reason["feature"] in FEATURES
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in reason["text"])  # in Thai
        assert reason["same"] in (True, False, None)
    parts = [abs(r["contribution"]) for r in best["reasons"]]
    assert parts == sorted(parts, reverse=True)
