"""no_figure in the rule language (rules/no_figure.py): 按规定, eligible with no amount, on the shipped data."""

from __future__ import annotations

import json
from datetime import date

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

GRADUATE = {
    "groups": ["college_graduate"],
    "graduated_on": "2023-07-01",
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2024-01-10"},
}


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


def test_lianyungang_1_startup_subsidy_for_a_graduate_within_2_years_is_granted_with_no_figure(data):
    # 连云港（一）: 对普通高校在校生及毕业2年内毕业生……所创办的创业主体，可按规定给予一次性创业补贴
    m = measure(data, "lianyungang", "2024-06-30", GRADUATE, "startup_subsidy")
    assert (m.status, m.amount, m.missing) == ("eligible", None, [])
    assert [n.zh.format(c=n.params["c"].zh) for n in m.notes] == [
        "文件第（一）条只写“按规定”给予，未定具体金额，金额以经办部门核定为准"
    ]
    # 2023-07-01 + 24 months = 2025-07-01: from that day on, no longer within 2 years of leaving school
    late = measure(data, "lianyungang", "2025-07-01", GRADUATE, "startup_subsidy")
    assert (late.status, late.checks[0].ok) == ("ineligible", False)


def test_xining_12_training_subsidy_no_course_is_ineligible_and_a_course_opens_it(data):
    # 西宁 12 (符合條件的靈活就業人員落實職業培訓補貼) and rules.md "No course": training: [] is a known failure
    worker = {"employment": {"form": "part_time"}}
    none = measure(data, "xining", "2024-06-30", {**worker, "training": []}, "training_subsidy")
    assert (none.status, none.missing) == ("ineligible", [])
    course = {**worker, "training": [{"occupation": "电工", "days": 10, "cost_yuan": 1000}]}
    assert measure(data, "xining", "2024-06-30", course, "training_subsidy").status == "eligible"


def test_xining_12_training_subsidy_missing_by_definition(data):
    # rules.md "Absent facts": with nothing given, the work (business.type, employment.form) and the
    # courses can each change the status; groups (platform_worker) cannot once the form is filled in
    m = measure(data, "xining", "2024-06-30", {}, "training_subsidy")
    assert (m.status, m.missing) == ("needs_info", ["business.type", "employment.form", "training"])
