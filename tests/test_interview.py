"""Questions for missing facts, and `flexcalc interview` driven end to end by scripted answers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from flexcalc.data import resolve_city
from flexcalc.interview import AnswerError, Session, city_groups, parse_answer
from flexcalc.models.fields import is_model, model_fields
from flexcalc.models.profile import Profile, profile_validator
from flexcalc.pipeline import evaluate
from flexcalc.questions import WORDING, _unwrap, question, questions_for

DAY = date(2021, 9, 30)


def _session(data, city="weihai", start=None, lang="zh"):
    cid, c = resolve_city(data, city)
    return Session(cid, c, DAY, data, lang, start)


def _result(data, profile: dict, city="weihai", day=DAY):
    cid, c = resolve_city(data, city)
    return evaluate(profile_validator().validate_json(json.dumps(profile)), cid, c, day, data)


def _script(s: Session, answers: dict[str, str]) -> list[str]:
    """Answer each question from `answers` (skip the others); the fields asked, in order."""
    asked = []
    while (q := s.next_question()) is not None:
        asked.append(q.field)
        if q.field in answers:
            s.answer(q, answers[q.field])
        else:
            s.skip(q)
        assert len(asked) < 60
    return asked


def _leaves(model, prefix=""):
    for key, info in model_fields(model).items():
        base, _ = _unwrap(info.annotation)
        if isinstance(base, type) and is_model(base):
            yield from _leaves(base, f"{prefix}{key}.")
        else:
            yield prefix + key


# --- questions ------------------------------------------------------------------------


def test_every_fact_a_rule_can_need_has_a_question_in_both_languages():
    fields = [f for f in _leaves(Profile) if f not in ("id", "name", "city", "extra")]
    fields += ["training[].occupation", "training[].start", "training[].days", "training[].cost_yuan"]
    for f in fields:
        assert f in WORDING, f
        zh, en = (question(f.replace("[]", "[0]"), lang).text for lang in ("zh", "en"))
        assert zh != en and "请提供" not in zh, f


def test_questions_for_an_empty_profile_are_plain_deduplicated_and_ordered(data):
    qs = questions_for(_result(data, {}))
    fields = [q.field for q in qs]
    assert len(fields) == len(set(fields))
    assert fields[:3] == ["employment.form", "business.type", "groups"]
    assert "business.registered_on" in fields and "training" in fields
    form = qs[0]
    assert form.text == "目前从事哪种工作？" and form.kind == "choice"
    assert ("individual_business", "个体经营") in form.choices
    assert set(form.measures) >= {"tax_deduction", "guarantee_loan", "startup_subsidy"}
    kinds = {q.field: q.kind for q in qs}
    assert kinds["groups"] == "groups" and kinds["business.registered_on"] == "date"
    assert kinds["business.employee_pension_months"] == "count" and kinds["training"] == "courses"


def test_questions_in_english_and_course_numbers(data):
    profile = {"groups": ["employment_difficulty"], "employment": {"form": "part_time"}, "training": [{}, {}]}
    qs = questions_for(_result(data, profile, "urumqi"), "en")
    texts = {q.field: q.text for q in qs}
    assert texts["training[1].occupation"] == "Course 2: which occupation did it train for?"
    assert texts["training[0].start"] == "Course 1: on what date did it start?"
    fields = [q.field for q in qs]
    assert fields.index("training[0].start") < fields.index("training[1].occupation")


def test_figures_the_data_lacks_are_never_asked(data):
    # 大连（十三）: contributions at the minimum base, which the data does not set
    profile = {
        "groups": ["employment_difficulty", "disabled"],
        "employment": {"form": "part_time"},
        "social_insurance": {
            "pension_yuan": 3000,
            "medical_yuan": 900,
            "unemployment_yuan": 100,
            "at_minimum_base": False,
            "months": 12,
            "subsidised_months_before": 0,
        },
    }
    result = _result(data, profile, "dalian", date(2023, 6, 1))
    si = next(m for m in result.measures if m.id == "social_insurance_subsidy")
    assert si.status == "needs_info" and si.missing[0].startswith("data:")
    assert not [q for q in questions_for(result) if q.field.startswith("data:")]
    assert "social_insurance_subsidy" not in {m for q in questions_for(result) for m in q.measures}


def test_group_choices_narrow_to_the_citys_rules(data):
    weihai = city_groups(data.cities["weihai"])
    assert "platform_worker" in weihai and "veteran" in weihai and "student" not in weihai
    assert "student" in city_groups(data.cities["lianyungang"])
    q = question("groups", "zh", groups=weihai)
    assert [c for c, _ in q.choices] == weihai


# --- answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, typed, value",
    [
        ("business.registered_on", "2021-03-01", "2021-03-01"),
        ("business.registered_on", "2021/3/1", "2021-03-01"),
        ("business.registered_on", "2021年3月1日", "2021-03-01"),
        ("local_hukou", "是", True),
        ("local_hukou", "No", False),
        ("business.tax_due_yuan", "1,500.50元", 1500.5),
        ("business.tax_due_yuan", "0", 0),
        ("business.partners", "3", 3),
        ("employment.form", "2", "micro_enterprise"),
        ("employment.form", "platform", "platform"),
        ("employment.form", "非全日制就业", "part_time"),
        ("original_retirement_age", "55", 55),
        ("groups", "1, 5", ["registered_unemployed", "veteran"]),
        ("groups", "veteran、farmer", ["veteran", "farmer"]),
        ("groups", "无", []),
        ("training", "电子商务师，育婴员", [{"occupation": "电子商务师"}, {"occupation": "育婴员"}]),
        ("training", "2", [{}, {}]),
        ("training", "none", []),
    ],
)
def test_answers_are_read_into_profile_values(field, typed, value):
    assert parse_answer(question(field), typed) == value


@pytest.mark.parametrize(
    "field, typed",
    [
        ("business.registered_on", "2021-13-01"),
        ("business.registered_on", "2021-02-30"),
        ("business.registered_on", "yesterday"),
        ("business.registered_on", "0021-01-01"),
        ("local_hukou", "maybe"),
        ("business.tax_due_yuan", "-5"),
        ("business.tax_due_yuan", "NaN"),
        ("business.tax_due_yuan", "abc"),
        ("business.employee_pension_months", "6.5"),
        ("business.partners", "0"),
        ("employment.form", "7"),
        ("employment.form", "farming"),
        ("groups", "1, astronaut"),
        ("training", "99"),
        ("business.registered_on", "   "),
    ],
)
def test_bad_answers_say_what_is_expected(field, typed):
    said = {}
    for lang in ("zh", "en"):
        with pytest.raises(AnswerError) as e:
            parse_answer(question(field), typed, lang)
        said[lang] = str(e.value)
    assert said["zh"].strip() and said["en"].strip() and said["zh"] != said["en"], said  # in each language


# --- what is asked --------------------------------------------------------------------


def test_facts_that_cannot_change_a_result_are_not_asked(data):
    # Not working: no measure can be had whatever the groups (rules.md "Absent facts", "No
    # business"): nothing about groups, a business, training, contributions or a platform.
    asked = _script(_session(data), {"employment.form": "6", "groups": "无"})
    assert asked == ["employment.form"]
    # Part-time, in no group: only training is left (the weihai training subsidy is for any flexible worker).
    asked = _script(_session(data), {"employment.form": "3", "groups": "无"})
    assert asked == ["employment.form", "groups", "training"]


def test_an_individual_business_is_asked_about_its_business(data):
    s = _session(data)
    asked = _script(
        s,
        {
            "employment.form": "1",
            "groups": "veteran",
            "business.registered_on": "2021-03-01",
            "business.employee_pension_months": "6",
            "training": "电子商务师",
            "business.tax_due_yuan": "8000",
            "loan.requested_yuan": "300000",
            "business.partners": "2",
        },
    )
    assert asked[:5] == [
        "employment.form",
        "groups",
        "business.registered_on",
        "business.employee_pension_months",
        "training",
    ]
    assert "business.type" not in asked  # employment.form already answered it
    assert "graduated_on" not in asked  # not a graduate: the graduate path is closed
    status = {m.id: (m.status, m.amount) for m in s.result.measures}
    assert status["startup_subsidy"] == ("eligible", 5000)
    assert status["tax_deduction"] == ("eligible", 8000)
    assert status["guarantee_loan"] == ("eligible", 300000)  # partnership cap 600,000 (clause 7)


def test_refinements_only_when_they_change_an_amount(data):
    # Asking 150,000 is under the individual cap: the number of partners cannot change it.
    answers = {"employment.form": "1", "groups": "veteran", "business.registered_on": "2021-03-01"}
    asked = _script(_session(data), answers | {"loan.requested_yuan": "150000"})
    assert "loan.requested_yuan" in asked and "business.partners" not in asked
    # Urumqi has no partnership cap: never asked there.
    asked = _script(_session(data, "urumqi"), answers)
    assert "business.partners" not in asked and "loan.requested_yuan" in asked


def test_courses_are_asked_one_by_one_where_the_rule_counts_days(data):
    s = _session(data, "urumqi")
    answers = {
        "employment.form": "3",
        "groups": "employment_difficulty",
        "receiving_unemployment_insurance": "否",
        "training": "cook, welder",
        "training[0].start": "2021-03-01",
        "training[0].days": "10",
        "training[1].start": "2020-05-01",
        "training[0].cost_yuan": "1200",
        "training[1].cost_yuan": "2500",
    }
    asked = _script(s, answers)
    assert "training[1].days" not in asked  # course 2 started in 2020: its days cannot count in 2021
    status = {m.id: (m.status, m.amount) for m in s.result.measures}
    assert status["training_living_allowance"] == ("eligible", 300)  # 30 元/天 × 10 天
    assert status["training_subsidy"] == ("eligible", 3000)  # min(1200, 1800) + min(2500, 1800)


def test_a_refused_answer_changes_nothing(data):
    s = _session(data)
    q = s.next_question()
    with pytest.raises(AnswerError):
        s.answer(q, "9")
    assert s.answers == {} and s.next_question() == q


# --- the command ----------------------------------------------------------------------


def test_interview_end_to_end_from_a_script(invoke, tmp_path):
    """Scripted answers (standard input not a terminal); wrong answers asked again at a terminal are
    in test_interview_terminal.py, since a script's first wrong answer ends the run there."""
    out = tmp_path / "p.json"
    typed = [
        "1",  # individual business
        "4",  # veteran
        "2021/03/01",
        "6",
        "电子商务师",
        "8000",
        "skip",  # loan amount: leave it
        "1",  # partners
    ]
    r = invoke(
        "interview", "--city", "威海", "--as-of", "2021-09-30", "-o", out, "--id", "w-7", input="\n".join(typed) + "\n"
    )
    assert r.exit_code == 0, r.stderr
    assert "共回答 7 题，跳过 1 题" in r.stdout
    assert "现金补贴合计" in r.stdout and "5,000.00" in r.stdout
    saved = json.loads(out.read_text(encoding="utf-8"))
    profile_validator().validate_json(out.read_text(encoding="utf-8"))
    assert saved == {
        "id": "w-7",
        "employment": {"form": "individual_business"},
        "groups": ["veteran"],
        "business": {"registered_on": "2021-03-01", "employee_pension_months": 6, "tax_due_yuan": 8000, "partners": 1},
        "training": [{"occupation": "电子商务师"}],
    }
    check = json.loads(invoke("check", "--city", "weihai", "--as-of", "2021-09-30", "-f", "json", out).stdout)
    assert {m["id"]: m["status"] for m in check["measures"]}["startup_subsidy"] == "eligible"
    assert check["totals"]["tax_relief_yuan"] == 8000


def test_end_of_input_stops_cleanly_and_saves_what_was_gathered(invoke, tmp_path):
    out = tmp_path / "p.json"
    r = invoke("interview", "--city", "weihai", "--as-of", "2021-09-30", "-o", out, input="1\n")
    assert r.exit_code == 0, r.stderr
    assert "问询提前结束" in r.stdout and "待补充" in r.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == {"employment": {"form": "individual_business"}}


def test_quit_ends_the_interview(invoke):
    r = invoke("interview", "--city", "weihai", "--as-of", "2021-09-30", input="quit\n1\n")
    assert r.exit_code == 0 and "问询提前结束" in r.stdout and "未保存" in r.stdout


def test_english_interview(invoke):
    r = invoke("interview", "--city", "dalian", "--as-of", "2023-06-01", "--lang", "en", input="3\nnone\n")
    assert r.exit_code == 0, r.stderr
    assert "What is the person's current form of work?" in r.stdout
    assert "Which groups does the person belong to?" in r.stdout and "Measure" in r.stdout


def test_start_from_a_profile_asks_only_the_rest(invoke, profile_file, tmp_path):
    start = profile_file({"employment": {"form": "part_time"}, "groups": []})
    out = tmp_path / "done.json"
    r = invoke("interview", "--city", "weihai", "--as-of", "2021-09-30", "--from", start, "-o", out, input="无\n")
    assert r.exit_code == 0, r.stderr
    assert "employment.form" not in r.stdout and "training" in r.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["training"] == []


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--city", "atlantis"], 2, "unknown city"),
        (["--city", "weihai", "--as-of", "30/09/2021"], 2, "--as-of"),
        (["--city", "weihai", "-o", "/no/such/dir/p.json"], 2, "does not exist"),
        (["--city", "weihai", "--from", "-"], 2, "standard input carries the answers"),
    ],
)
def test_usage_errors(invoke, args, code, words):
    r = invoke("interview", *args, "--lang", "en", input="")
    assert r.exit_code == code and words in r.stderr and "Traceback" not in r.stderr


def test_an_invalid_starting_profile_is_exit_3(invoke, profile_file):
    r = invoke("interview", "--city", "weihai", "--from", profile_file({"groups": ["astronaut"]}), input="")
    assert r.exit_code == 3 and "groups[0]" in r.stderr and "错误" in r.stderr
