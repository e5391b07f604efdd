"""rules.md "Planned business" as a property (issue 17): a business being set up is never asked
its registration date, and every measure that needs a registered business is ineligible for it."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from flexcalc.engines import bulk as engine
from flexcalc.models.profile import profile_validator
from flexcalc.pipeline import MODULES, evaluate
from generated import generated

# the measures for a registered or operating business: each module's for_business, the list rules.md gives
FOR_BUSINESS = {mid for mid, module in MODULES.items() if module.MEASURE.for_business}
assert FOR_BUSINESS == {"tax_deduction", "startup_subsidy", "community_employment_aid", "rent_subsidy"}


@pytest.fixture(scope="module")
def planned():
    validate = profile_validator().validate_json
    rows = []
    for p in generated(400, seed=17):
        business = p.get("business") or {}
        business.pop("registered_on", None)
        business["planned"] = True
        p["business"] = business
        rows.append(validate(orjson.dumps(p)))
    return rows


@pytest.mark.parametrize("as_of", ["2021-06-30", "2024-06-30"])
def test_a_planned_business_is_never_asked_its_date_and_fails_business_measures(data, planned, as_of):
    day = date.fromisoformat(as_of)
    seen = 0
    for city_id, city in data.cities.items():
        chunk = engine.evaluate(planned, city_id, city, day, data)
        for p, col in zip(planned, chunk, strict=True):
            for result in (evaluate(p, city_id, city, day, data), col):
                for m in result.measures:
                    assert "business.registered_on" not in m.missing, (city_id, p.id, m.id)
                    if m.id in FOR_BUSINESS and m.status not in ("not_offered", "not_in_force"):
                        seen += 1
                        assert m.status == "ineligible", (city_id, p.id, m.id, m.status)
    assert seen > 1000  # the property was exercised, not vacuously true
