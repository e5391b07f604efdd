"""rules.md's calendar definitions: whole months, tax-window months, the 2025 retirement raise."""

from __future__ import annotations

from datetime import date

import pytest

from flexcalc.dates import add_months, month_index, months_of_year_in_window, whole_months


@pytest.mark.parametrize(
    "start, end, months",
    [
        ("2021-01-15", "2021-07-14", 5),  # rules.md example
        ("2021-01-15", "2021-07-15", 6),  # rules.md example
        ("2021-01-31", "2021-02-28", 1),  # rules.md: 29th–31st reached on a shorter month's last day
        ("2021-01-31", "2021-07-30", 5),
        ("2021-01-31", "2021-07-31", 6),
        ("2020-02-29", "2021-02-28", 12),
        ("2021-03-01", "2021-03-01", 0),
        ("2021-03-02", "2021-03-01", -1),  # registered after the as-of date
        ("2020-01-15", "2022-01-14", 23),  # the 24-month caps
        ("2020-01-15", "2022-01-15", 24),
    ],
)
def test_whole_months(start, end, months):
    assert whole_months(date.fromisoformat(start), date.fromisoformat(end)) == months


def test_add_months_clamps_to_month_end():
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2021, 12, 15), 1) == date(2022, 1, 15)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)


@pytest.mark.parametrize(
    "registered, year, months",
    [
        ("2024-03-20", 2024, 10),  # first partial tax year: March–December
        ("2024-03-20", 2025, 12),
        ("2024-03-20", 2026, 12),
        ("2024-03-20", 2027, 2),  # last partial year: January–February (36 months end 2027-02)
        ("2024-03-20", 2028, 0),
        ("2024-01-01", 2026, 12),
    ],
)
def test_tax_window_months(registered, year, months):
    start = month_index(date.fromisoformat(registered))
    assert months_of_year_in_window(start, 36, year) == months


# 国务院关于渐进式延迟法定退休年龄的办法, 附件对照表 (rules.md): a row per step.
@pytest.mark.parametrize(
    "birth, original, retires",
    [
        ("1964-12-10", 60, "2024-12-10"),  # before the first affected birth month: 60
        ("1965-01-10", 60, "2025-02-10"),  # 60 + 1 month
        ("1965-04-10", 60, "2025-05-10"),  # same step (every 4 months)
        ("1965-05-10", 60, "2025-07-10"),  # 60 + 2 months
        ("1965-06-15", 60, "2025-08-15"),
        ("1976-08-10", 60, "2039-07-10"),  # 62 y 11 m
        ("1976-09-10", 60, "2039-09-10"),  # reaches 63
        ("1980-01-10", 60, "2043-01-10"),  # capped at 63
        ("1969-12-10", 55, "2024-12-10"),  # 55 unchanged
        ("1970-01-10", 55, "2025-02-10"),  # 55 + 1 month
        ("1981-09-10", 55, "2039-09-10"),  # reaches 58
        ("1974-12-10", 50, "2024-12-10"),  # 50 unchanged
        ("1975-01-10", 50, "2025-02-10"),  # 50 + 1 month (every 2 months)
        ("1975-02-10", 50, "2025-03-10"),
        ("1975-03-10", 50, "2025-05-10"),  # 50 + 2 months
        ("1984-10-10", 50, "2039-09-10"),  # 54 y 11 m
        ("1984-11-10", 50, "2039-11-10"),  # reaches 55
    ],
)
def test_statutory_retirement_date(data, birth, original, retires):
    got = data.retirement.retirement_date(date.fromisoformat(birth), original, date(2025, 1, 1))
    assert got == date.fromisoformat(retires)


def test_retirement_reform_not_law_before_2025_01_01(data):
    """rules.md "Law in force at D": at an as-of date before the reform's start (从2025年1月1日起)
    the original ages hold — born 1965-06-15, a man retires at 60 on 2025-06-15, not 2025-08-15."""
    birth = date(1965, 6, 15)
    assert data.retirement.retirement_date(birth, 60, date(2024, 12, 31)) == date(2025, 6, 15)
    assert data.retirement.retirement_date(birth, 60, date(2025, 1, 1)) == date(2025, 8, 15)
