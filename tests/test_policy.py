"""`flexcalc policy`: the document, each measure's cited figures, groups, department, entitlements."""

from __future__ import annotations

import json
from datetime import date

import pytest

from flexcalc.catalogue import MEASURE_IDS
from flexcalc.models.fields import model_fields
from flexcalc.models.rules import Cited, NotOffered
from flexcalc.policy import describe_city


def _ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def test_weihai_table(invoke):
    out = _ok(invoke("policy", "--city", "威海", "--as-of", "2026-06-30"))
    assert "威海市人民政府办公室关于做好支持多渠道灵活就业有关工作的通知" in out
    assert "2021-01-07 ~ 未设截止" in out
    assert "评估日 2026-06-30 在有效期内" in out
    assert "1. 重点群体创业税费扣减" in out and "条款 5" in out
    assert "14,400 元" in out  # the yearly limit, with its source
    assert "600,000 元" in out  # 威海 7: partnership cap
    assert "本市文件未设此项" in out  # rent_subsidy is not offered in Weihai
    assert "办理部门" in out and "市税务局" in out
    assert "其他支持（非现金）" in out and "免征不动产登记费（第5条）" in out


def test_english_table(invoke):
    out = _ok(invoke("policy", "--city", "urumqi", "--as-of", "2021-09-30", "--lang", "en"))
    assert "Urumqi" in out and "Household cap a year" in out and "14,400 yuan" in out
    assert "the document states no validity" in out
    assert "One-time start-up subsidy" in out and "college graduate: 20,000 yuan" in out
    assert "Not combinable" in out


def test_warns_outside_validity(invoke):
    result = invoke("policy", "--city", "xining", "--as-of", "2026-05-08")
    assert result.exit_code == 0
    assert "2026-05-08" in result.stderr and "flexcalc: 警告：" in result.stderr
    assert "⚠" in result.stdout and "不在文件有效期内" in result.stdout
    inside = invoke("policy", "--city", "xining", "--as-of", "2026-05-07")
    assert inside.stderr == "" and "在有效期内" in inside.stdout


def test_json_shape(invoke):
    out = json.loads(_ok(invoke("policy", "--city", "dalian", "--as-of", "2023-06-01", "-f", "json")))
    assert out["schema"] == "flexcalc.policy/1" and out["city"] == "dalian"
    assert out["document"]["number"] == "大人社发〔2022〕231号"
    assert out["document"]["valid_from"]["value"] == "2022-12-29" and out["document"]["in_force"] is True
    assert out["warning"] is None
    assert [m["id"] for m in out["measures"]] == list(MEASURE_IDS)
    assert set(out["audit"]) == {"flexcalc_version", "data_sha256", "as_of"}
    m = {x["id"]: x for x in out["measures"]}
    assert m["tax_deduction"]["offered"] is False and m["tax_deduction"]["note"]
    rent = {f["field"]: f for f in m["rent_subsidy"]["figures"]}
    assert rent["max_months"]["value"] == 24 and rent["max_months"]["clause"] == "（四）"
    assert rent["yearly_rate"]["value"][-1]["amount_yuan"] == 3000
    assert m["public_welfare_post_subsidy"]["beneficiary"] == "employer"


def test_json_outside_validity_carries_the_warning(invoke):
    result = invoke("policy", "--city", "lianyungang", "--as-of", "2021-11-07", "-f", "json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["document"]["in_force"] is False and "2021-11-07" in out["warning"]


def test_unknown_city_is_a_usage_error(invoke):
    result = invoke("policy", "--city", "beijing")
    assert result.exit_code == 2 and "beijing" in result.stderr and "weihai（威海市）" in result.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cited_figure_of_every_rule_is_shown_with_its_clause(data, lang):
    for city_id, city in data.cities.items():
        described = {m["id"]: m for m in describe_city(city_id, city, date(2023, 6, 1), lang)["measures"]}
        for mid in MEASURE_IDS:
            rule = getattr(city.measures, mid)
            shown = {f["field"]: f for f in described[mid]["figures"]}
            if isinstance(rule, NotOffered):
                assert not shown and described[mid]["offered"] is False
                continue
            assert rule.department in described[mid]["department"] and described[mid]["groups"]
            for field in model_fields(type(rule)):
                value = getattr(rule, field)
                if isinstance(value, Cited):
                    assert shown[field]["clause"] == value.clause, (city_id, mid, field)
                    assert shown[field]["text"], (city_id, mid, field)


def test_policy_shows_a_past_right_with_its_dates(invoke):
    """Issue 17 item 7: Xining 19's back-payment ran to the end of 2021 (2021年底前); at 2023-06-30
    `policy` shows it as past, with its last day, in zh and en, and the JSON says so."""
    zh = invoke("policy", "--city", "xining", "--as-of", "2023-06-30", "--lang", "zh")
    assert "（已过期：截至2021-12-31）" in "".join(zh.stdout.split())
    en = " ".join(invoke("policy", "--city", "xining", "--as-of", "2021-12-31", "--lang", "en").stdout.split())
    assert "late fee (until 2021-12-31) (clause 19)" in en  # on its last day: current, not past
    out = json.loads(invoke("policy", "--city", "xining", "--as-of", "2023-06-30", "--format", "json").stdout)
    (right,) = [e for e in out["entitlements"] if e["id"] == "pension_back_payment_2020"]
    assert right["until"] == "2021-12-31" and right["current"] is False
