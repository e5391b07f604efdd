"""data/cities.toml: it loads, every figure is cited, and a broken file says where (exit 4)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from flexcalc.catalogue import MEASURE_IDS
from flexcalc.data import load, parse
from flexcalc.errors import DataError
from flexcalc.models.fields import is_model, model_fields
from flexcalc.models.rules import Cited, NotOffered, RuleBase

TOML = (Path(__file__).resolve().parents[1] / "data" / "cities.toml").read_text(encoding="utf-8")


def _cited_values(node, path=""):
    """Every Cited figure in the data, with its path."""
    if isinstance(node, Cited):
        yield path, node
        return
    if is_model(node):
        for name in model_fields(type(node)):
            yield from _cited_values(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _cited_values(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _cited_values(v, f"{path}[{i}]")


def test_every_city_every_measure(data):
    assert {"urumqi", "xining", "lianyungang", "dalian", "weihai"} <= set(data.cities)  # /work/shared/policies
    for city in data.cities.values():
        for mid in MEASURE_IDS:
            rule = getattr(city.measures, mid)
            assert isinstance(rule, (NotOffered, RuleBase))
            if isinstance(rule, RuleBase):
                assert rule.clause and rule.department


def test_every_figure_names_its_clause(data):
    figures = list(_cited_values(data))
    assert len(figures) > 60
    for path, fig in figures:
        assert fig.clause.strip(), path


def test_key_figures_match_the_documents(data):
    c = data.cities
    urumqi_limit = c["urumqi"].measures.tax_deduction.annual_limit
    assert urumqi_limit.at(date(2022, 12, 31)).value == 14400  # 乌鲁木齐 三（三）
    assert urumqi_limit.at(date(2023, 1, 1)).value_min == 20000  # superseded by 公告2023年第15号
    assert c["dalian"].measures.guarantee_loan.cap.at(date(2023, 9, 30)).value == 200000  # 财金〔2020〕21号
    assert c["dalian"].measures.guarantee_loan.cap.at(date(2023, 10, 1)).value == 300000  # 财金〔2023〕75号
    assert c["xining"].document.valid_until.value.isoformat() == "2026-05-07"  # 有效期5年
    assert c["xining"].measures.guarantee_loan.partnership_max.value == 2200000  # 西宁 10
    assert c["lianyungang"].measures.guarantee_loan.cap.value == 500000  # 连云港 （一）
    assert c["weihai"].measures.guarantee_loan.partnership_cap.value == 600000  # 威海 7
    assert c["weihai"].measures.accident_insurance_subsidy.max_per_year.value == 100  # 威海 16
    assert [t.amount_yuan for t in c["dalian"].measures.rent_subsidy.yearly_rate.value] == [10000, 8000, 6000, 3000]


def _broken(text):
    with pytest.raises(DataError) as err:
        parse(text.encode("utf-8"), "broken.toml")
    return str(err.value)


def test_missing_measure_names_the_key_path():
    text = TOML.replace(
        '[cities.weihai.measures.rent_subsidy]\nrule = "not_offered"\nnote = "文件未设房租或场地补贴。"\n', ""
    )
    assert "cities.weihai.measures.rent_subsidy: measure rent_subsidy is not defined" in _broken(text)


def test_uncited_figure_is_rejected():
    text = TOML.replace('min_pension_months = { value = 6, clause = "6",', "min_pension_months = { value = 6,")
    assert "cities.weihai.measures.startup_subsidy.min_pension_months.clause" in _broken(text)


def test_unknown_group_code_is_rejected():
    text = TOML.replace('any_of = ["platform_worker"]', 'any_of = ["platform_wrker"]')
    msg = _broken(text)
    assert "cities.weihai.measures.accident_insurance_subsidy.who.value[0].any_of[0]" in msg


def test_unknown_key_is_rejected():
    text = TOML.replace(
        "[cities.weihai.measures.accident_insurance_subsidy]\n",
        "[cities.weihai.measures.accident_insurance_subsidy]\nmax_per_yaer = 5\n",
    )
    msg = _broken(text)  # the data file's words, not the profile's advice about "extra"
    assert re.search(r"accident_insurance_subsidy\.max_per_yaer: unknown key 'max_per_yaer'; the keys allowed", msg)
    assert "max_per_year" in msg and "extra" not in msg


def test_toml_syntax_error():
    assert "not valid TOML" in _broken(TOML + "\n[oops\n")


def test_cache_is_only_a_shortcut(tmp_path, monkeypatch):
    monkeypatch.setenv("FLEXCALC_CACHE_DIR", str(tmp_path))
    path = tmp_path / "cities.toml"
    path.write_text(TOML, encoding="utf-8")
    first, second = load(path), load(path)
    assert first.sha256 == second.sha256 and list(tmp_path.glob("*.pickle"))
    assert second.data.cities["weihai"].measures.startup_subsidy.amount.value[0].amount_yuan == 5000
    for f in tmp_path.glob("*.pickle"):  # a corrupt cache is a miss, never an error
        f.write_bytes(b"garbage")
    assert load(path).data.cities["dalian"].name == "大连市"
    path.write_text(TOML + "\n[oops\n", encoding="utf-8")  # a changed file is validated again
    with pytest.raises(DataError):
        load(path)


def test_caijin_2023_75_is_the_inclusive_finance_funds_measures_of_the_mof_alone():
    """Issue 17, data correction: 财金〔2023〕75号 is 《财政部关于印发〈普惠金融发展专项资金管理办法〉
    的通知》 (MOF alone, 2023-09-04, in force 2023-10-01 for five years, secondary sources); the
    three-department interest-subsidy title belongs to 财金〔2018〕22号."""
    text = (Path(__file__).parents[1] / "data" / "cities.toml").read_text("utf-8")
    line = next(x for x in text.splitlines() if "value = 300000" in x and "财金〔2023〕75号" in x)
    assert "普惠金融发展专项资金管理办法" in line and "财政部单独印发，2023-09-04" in line
    assert "Inclusive Finance Development, issued by the Ministry of Finance alone on 2023-09-04" in line
    assert "关于进一步做好创业担保贷款财政贴息工作的通知" not in text
