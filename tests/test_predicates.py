"""The shared predicates in the rule language (rules/predicates.py) against context.Ctx, whose
answers they replace: the same value, words, `missing` (in order) and soft facts, on every
combination of the facts they read, on generated profiles, and on cases worked by hand."""

from __future__ import annotations

import itertools
import random
from datetime import date

import orjson
import pytest
from tests.generated import generated

from flexcalc.context import FORM_WORDS, Ctx
from flexcalc.dates import add_months
from flexcalc.engines import scalar
from flexcalc.models.profile import profile_validator
from flexcalc.models.rules import GroupPath
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import UNKNOWN, Env

VALIDATE = profile_validator().validate_json
DATES = (
    date(2019, 3, 31),
    date(2021, 6, 30),
    date(2023, 1, 1),
    date(2024, 6, 30),
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2025, 7, 15),
    date(2026, 2, 28),
    date(2028, 1, 31),
)
OPERATING = ("min_months", "advance_after_months", "min_months_operating")


def _walk(obj, seen=None):
    """Every data object under obj (dataclass fields, lists, dicts), once."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, (str, int, float, date)) or obj is None:
        return
    seen.add(id(obj))
    yield obj
    if isinstance(obj, dict):
        kids = list(obj.values())
    elif isinstance(obj, (list, tuple)):
        kids = list(obj)
    elif hasattr(obj, "__dataclass_fields__"):
        kids = [getattr(obj, f, None) for f in obj.__dataclass_fields__]
    else:
        kids = []
    for k in kids:
        yield from _walk(k, seen)


@pytest.fixture(scope="module")
def read(data):
    """What the data asks of the predicates: activity kinds, group path lists, months."""
    kinds, paths, operating, near = set(), [], set(), set()
    for obj in _walk(data.cities):
        if hasattr(obj, "activity") and hasattr(obj.activity, "value"):
            kinds.add(tuple(obj.activity.value))
        who = getattr(obj, "who", None)
        if isinstance(getattr(who, "value", None), list):
            paths.append(who.value)
        elif isinstance(who, list) and who:
            paths.append(who)
        for name in OPERATING:
            field = getattr(obj, name, None)
            if isinstance(getattr(field, "value", None), int):
                operating.add(field.value)
        if isinstance(getattr(obj, "near_retirement_months", None), int):
            near.add(obj.near_retirement_months)
    kinds |= {("micro_enterprise",), ("platform",), ("part_time", "platform"), ("individual_business", "platform")}
    assert len(kinds) >= 5 and paths and operating and near
    return sorted(kinds), paths, sorted(operating | {1, 12}), sorted(near | {12})


def _same(check, want, ctx):
    got = scalar.shown(check, Env(ctx))
    assert (got.ok, got.text, tuple(got.missing), tuple(got.soft)) == (
        want.ok,
        want.text,
        tuple(want.missing),
        tuple(want.soft),
    ), (ctx.p, ctx.as_of)


def _profile(**fields):
    return VALIDATE(orjson.dumps({"id": "x", **{k: v for k, v in fields.items() if v is not None}}))


BUSINESSES = (
    None,
    {},
    {"type": "individual"},
    {"type": "micro_enterprise"},
    {"registered_on": "2022-03-15"},
    {"planned": True},
    {"planned": False},
    {"type": "micro_enterprise", "registered_on": "2025-03-15"},
    {"type": "individual", "planned": True},
)


def test_works_as_equals_ctx_on_every_combination_of_its_facts(data, read):
    # rules.md "Activity" and "Form decides the kind of business": every form (and none given),
    # business (none, of each type, registered, planned, neither) and groups (absent, none, the
    # platform group), for every activity list the data names
    kinds, *_ = read
    forms = [None, *FORM_WORDS]
    for form, business, groups in itertools.product(forms, BUSINESSES, (None, [], ["platform_worker"], ["veteran"])):
        p = _profile(employment=None if form is None else {"form": form}, business=business, groups=groups)
        ctx = Ctx(p, date(2024, 6, 30), data.retirement)
        for k in kinds:
            _same(P.works_as(k), ctx.works_as(k), ctx)
        _same(P.flexible_worker(), ctx.flexible_worker(), ctx)


def test_operating_equals_ctx_on_registrations_around_each_threshold(data, read):
    # rules.md "months operating": whole months from business.registered_on to D, on each side of
    # D − N months; a business registered after D or planned is a planned business
    *_, operating, _near = read
    as_of = date(2024, 6, 30)
    days = {date(2024, 7, 1), as_of, date(2024, 6, 29), date(2021, 1, 31), date(2024, 2, 29)}
    for n in operating:
        for k in (-1, 0, 1):
            base = date.fromordinal(add_months(as_of, -n).toordinal() + k)
            days.add(base)
    for reg, planned, n in itertools.product(sorted(days) + [None], (None, True, False), operating):
        business = {} if reg is None else {"registered_on": reg.isoformat()}
        if planned is not None:
            business["planned"] = planned
        for b in (business, None) if not business else (business,):
            ctx = Ctx(_profile(business=b), as_of, data.retirement)
            _same(P.operating_at_least(n), ctx.operating_at_least(n), ctx)


def test_near_retirement_equals_ctx_on_births_around_each_retirement_day(data, read):
    # rules.md "statutory retirement age" with the 2025 reform and "Law in force at D": births
    # whose retirement day (each original age, each delay) falls on each side of D and D + N
    *_, near = read
    rng = random.Random(5)
    for as_of in (date(2024, 6, 30), date(2025, 1, 1), date(2026, 3, 31), date(2030, 12, 31)):
        births = {None}
        for age in (50, 55, 60):
            for n in near:
                for delay in range(0, 37, 5):
                    for target in (as_of, add_months(as_of, n)):
                        b = add_months(target, -(12 * age + delay))
                        births |= {date.fromordinal(b.toordinal() + k) for k in (-1, 0, 1)}
        births |= {date(1960 + rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28)) for _ in range(40)}
        for birth, gender, age in itertools.product(births, (None, "male", "female"), (None, 50, 55, 60)):
            p = _profile(
                birth_date=None if birth is None else birth.isoformat(), gender=gender, original_retirement_age=age
            )
            ctx = Ctx(p, as_of, data.retirement)
            for n in near:
                _same(P.near_retirement(n), ctx.near_retirement(n), ctx)


@pytest.fixture(scope="module")
def profiles():
    rng = random.Random(11)
    out = []
    for p in generated(300, seed=23):
        out.append(VALIDATE(orjson.dumps(p)))
        sparse = {k: v for k, v in p.items() if k == "id" or rng.random() < 0.6}
        if isinstance(sparse.get("business"), dict):
            sparse["business"] = {k: v for k, v in sparse["business"].items() if rng.random() < 0.6}
        out.append(VALIDATE(orjson.dumps(sparse)))
    return out


@pytest.mark.parametrize("as_of", DATES)
def test_every_predicate_equals_ctx_on_generated_profiles(data, read, profiles, as_of):
    kinds, paths, operating, near = read
    for p in profiles:
        ctx = Ctx(p, as_of, data.retirement)
        for k in kinds:
            _same(P.works_as(k), ctx.works_as(k), ctx)
        for n in operating:
            _same(P.operating_at_least(n), ctx.operating_at_least(n), ctx)
        for n in near:
            _same(P.near_retirement(n), ctx.near_retirement(n), ctx)
        for ps in paths:
            _same(P.who_paths(tuple(ps)), ctx.who_paths(list(ps)), ctx)


def _shown(check, as_of=date(2024, 6, 30), retirement=None, **fields):
    ctx = Ctx(_profile(**fields), as_of, retirement)
    got = scalar.shown(check, Env(ctx))
    return got.ok, got.text.render("zh"), list(got.missing), list(got.soft)


def test_activity_the_form_wins_over_the_platform_group():
    # rules.md "Activity": platform_worker in groups does not make a form of `none` a flexible worker
    got = _shown(P.flexible_worker(), employment={"form": "none"}, groups=["platform_worker"])
    assert got == (False, "未从事个体经营、非全日制就业、平台就业、其他灵活就业", [], [])


def test_activity_with_the_form_absent_the_platform_group_is_fair_evidence_and_soft():
    got = _shown(P.flexible_worker(), groups=["platform_worker"])
    assert got == (
        True,
        "从事个体经营、非全日制就业、平台就业、其他灵活就业（按人员类别推定）",
        [],
        ["employment.form"],
    )


def test_activity_a_business_of_unknown_type_qualifies_where_every_type_would():
    # rules.md "Activity": business.registered_on without business.type, for 个体经营或创办小微企业
    both = P.works_as(("individual_business", "micro_enterprise"))
    assert _shown(both, business={"registered_on": "2023-05-01"})[0] is True
    one = P.works_as(("individual_business",))
    assert _shown(one, business={"registered_on": "2023-05-01"}) == (
        None,
        "未知是否从事个体经营",
        ["business.type", "employment.form"],
        [],
    )


def test_form_decides_the_kind_of_business():
    # rules.md "Form decides the kind of business": micro_enterprise is not an individual business
    one = P.works_as(("individual_business",))
    assert _shown(one, employment={"form": "micro_enterprise"}, business={"registered_on": "2023-05-01"})[0] is False
    assert _shown(one, employment={"form": "individual_business"})[0] is True


def test_activity_nothing_known_asks_type_form_groups_and_registration_in_that_order():
    got = _shown(P.works_as(("individual_business", "micro_enterprise", "platform")))
    assert got[0] is None
    assert got[2] == ["business.type", "employment.form", "groups", "business.registered_on"]


def test_months_operating_2021_01_15_to_2021_07_14_is_5_and_to_07_15_is_6():
    six = P.operating_at_least(6)
    business = {"registered_on": "2021-01-15"}
    assert _shown(six, date(2021, 7, 14), business=business)[:2] == (False, "正常经营 5 个月 < 6")
    assert _shown(six, date(2021, 7, 15), business=business)[:2] == (True, "正常经营 6 个月 ≥ 6")


def test_planned_business_registered_after_the_as_of_date_fails_and_says_when_it_opens():
    # rules.md "Planned business": registered after D is planned at D; never asks its date
    got = _shown(P.operating_at_least(6), date(2024, 6, 30), business={"registered_on": "2024-07-01"})
    assert got == (
        False,
        "营业执照登记日晚于评估日，评估日时仍在筹备；本项在登记并正常经营满 6 个月后可申请",
        [],
        [],
    )
    got = _shown(P.operating_at_least(6), business={"planned": True})
    assert got[0] is False and got[1].startswith("经营主体正在筹备、尚未登记")
    assert _shown(P.operating_at_least(6), business={})[2] == ["business.registered_on"]


def test_near_retirement_2025_reform_a_man_born_1965_05_retires_at_60_and_2_months(data):
    # rules.md: +1 month per 4 months of birth from 1965-01 (60 → 63): 1965-05 is the second
    # step, 60 years 2 months → 2025-07-10; within 12 months on 2025-01-01 (law in force then)
    check = P.near_retirement(12)
    got = _shown(check, date(2025, 1, 1), data.retirement, birth_date="1965-05-10", gender="male")
    assert got[:2] == (True, "距法定退休年龄 12 个月内（退休日 2025-07-10）")
    # rules.md "Law in force at D": on 2024-06-30 the reform is not in force: 60 → 2025-05-10
    got = _shown(check, date(2024, 6, 30), data.retirement, birth_date="1965-05-10", gender="male")
    assert got[:2] == (True, "距法定退休年龄 12 个月内（退休日 2025-05-10）")


def test_near_retirement_asks_a_womans_original_age_only_when_50_and_55_disagree(data):
    # rules.md "Absent facts": do not ask original_retirement_age when neither 50 nor 55 is near
    check = P.near_retirement(12)
    far = _shown(check, date(2024, 6, 30), data.retirement, birth_date="1990-01-01", gender="female")
    assert far == (False, "不在距法定退休年龄 12 个月内（退休日 2040-01-01 / 2045-01-01）", [], [])
    near = _shown(check, date(2024, 6, 30), data.retirement, birth_date="1974-12-01", gender="female")
    assert near == (None, "需性别与原法定退休年龄", ["original_retirement_age"], [])
    unknown = _shown(check, date(2024, 6, 30), data.retirement, birth_date="1974-12-01")
    assert unknown[2] == ["gender", "original_retirement_age"]
    assert _shown(check, date(2024, 6, 30), data.retirement, gender="female")[1:3] == ("需出生日期", ["birth_date"])


def test_who_paths_graduate_within_24_months_asks_its_facts_in_path_order():
    # rules.md "graduate within 2 years": group college_graduate and D < graduated_on + 2 years
    paths = (
        GroupPath(any_of=["employment_difficulty"]),
        GroupPath(all_of=["college_graduate"], graduated_within_months=24),
    )
    check = P.who_paths(paths)
    assert _shown(check, groups=["college_graduate"], graduated_on="2022-07-01")[0] is True
    assert _shown(check, groups=["college_graduate"], graduated_on="2022-06-30")[0] is False
    assert _shown(check)[2] == ["groups", "graduated_on"]


@pytest.mark.parametrize("as_of", DATES[1::2])
def test_the_vector_engine_gives_the_predicates_answers_and_asks(data, read, profiles, as_of):
    vector = pytest.importorskip("flexcalc.engines.vector")
    from flexcalc.rules.program import Program

    kinds, paths, operating, near = read
    checks = [P.works_as(k) for k in kinds]
    checks += [P.operating_at_least(n) for n in operating] + [P.near_retirement(n) for n in near]
    checks += [P.who_paths(tuple(ps)) for ps in paths]
    ctxs = [Ctx(p, as_of, data.retirement) for p in profiles]
    seen = set()
    for check in checks:
        got = vector.run(Program(checks=(check,)), ctxs)
        for i, ctx in enumerate(ctxs):
            want = scalar.shown(check, Env(ctx))
            status = {True: "eligible", False: "ineligible", None: "needs_info"}[want.ok]
            seen.add(status)
            assert vector.STATUSES[got["status"][i]] == status, (check, ctx.p)
            asked = [f for b, f in enumerate(got["facts"]) if got["asked"][i] >> b & 1]
            assert set(asked) == set(want.missing), (check, ctx.p)
    assert seen == {"eligible", "ineligible", "needs_info"}


def test_vector_dates_equal_the_calendar_rules():
    # rules.md "months operating": 2021-01-15 → 2021-07-14 is 5; 2021-01-31 → 2021-02-28 is 1
    np = pytest.importorskip("numpy")
    from flexcalc.dates import whole_months
    from flexcalc.engines import vector

    rng = random.Random(3)
    starts = [date(2021, 1, 15), date(2021, 1, 31), date(2020, 2, 29)] + [
        date.fromordinal(rng.randrange(date(1950, 1, 1).toordinal(), date(2040, 1, 1).toordinal())) for _ in range(500)
    ]
    ends = [date(2021, 7, 14), date(2021, 2, 28), date(2021, 2, 28)] + [
        date.fromordinal(s.toordinal() + rng.randrange(-40, 4000)) for s in starts[3:]
    ]
    a = np.array([d.toordinal() for d in starts], dtype=np.int64)
    b = np.array([d.toordinal() for d in ends], dtype=np.int64)
    assert list(vector.whole_months(a, b)) == [whole_months(s, e) for s, e in zip(starts, ends, strict=True)]
    assert list(vector.whole_months(a, b)[:3]) == [5, 1, 12]  # 2020-02-29 → 2021-02-28: the 29th, reached on the 28th
    for n in (-757, -13, -1, 0, 1, 6, 24, 731):
        want = [add_months(s, n).toordinal() for s in starts]
        assert list(vector.add_months(a, n)) == want


def test_planned_and_no_business_equal_the_shared_rules_readings(data):
    # rules.md "Planned business" (context.business_state == "planned") and "No business"
    # (Ctx.runs_no_business): the expressions pipeline's shared rules can be moved onto
    plan, none = P.planned(), P.no_business()
    regs = (None, "2024-06-29", "2024-06-30", "2024-07-01")
    for form, reg, planned, typ in itertools.product(
        (None, *FORM_WORDS), regs, (None, True, False), (None, "individual")
    ):
        business = {k: v for k, v in (("registered_on", reg), ("planned", planned), ("type", typ)) if v is not None}
        for b in (business, None) if not business else (business,):
            ctx = Ctx(_profile(employment=None if form is None else {"form": form}, business=b), date(2024, 6, 30))
            env = Env(ctx)
            state = ctx.business_state()
            assert plan(env) is (True if state == "planned" else False if state == "registered" else UNKNOWN)
            assert (none(env) is True) == ctx.runs_no_business()
