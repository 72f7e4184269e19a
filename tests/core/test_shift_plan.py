"""The shift plan (integer program) on small cases checked by hand, and templates that leave hours uncovered."""

import numpy as np
import pytest

from desktop_app.core.model.shift_plan import (ShiftPlanError, plan_shifts, planned_coverage, shift_plan,
                                               template_hours)

TEMPLATES = (("08:00", "17:00"), ("09:00", "18:00"), ("13:00", "22:00"))


def test_template_hours_cover_whole_hours_and_wrap_past_midnight():
    assert np.flatnonzero(template_hours("09:00", "18:00")).tolist() == list(range(9, 18))
    # 09:30 starts inside hour 9: that hour is not covered whole
    assert np.flatnonzero(template_hours("09:30", "12:00")).tolist() == [10, 11]
    assert np.flatnonzero(template_hours("22:00", "06:00")).tolist() == [0, 1, 2, 3, 4, 5, 22, 23]
    assert np.flatnonzero(template_hours("00:00", "24:00")).tolist() == list(range(24))


def test_small_case_by_hand():
    need = np.zeros((7, 24))
    need[0, 8:13] = 2   # 08-12: 2 agents - only 08:00-17:00 covers 08, so x1 >= 2
    need[0, 13:17] = 3  # 13-16: 3 agents
    need[0, 17:22] = 1  # 17-21: 1 agent - 13:00-22:00 covers 18-21, so x3 >= 1
    # x1 = 2, x3 = 1 covers 13-16 with 3 and 17 with x3: 3 agents. Fewer is impossible (hour 13-16 needs 3).
    plan = shift_plan(need, TEMPLATES)
    assert plan[["weekday", "start", "end", "agents"]].values.tolist() == [[0, "08:00", "17:00", 2],
                                                                          [0, "13:00", "22:00", 1]]
    cover = planned_coverage(plan, TEMPLATES)
    assert (cover >= need).all() and cover[1:].sum() == 0


def test_fewest_agents_then_fewest_hours():
    # one agent needed 09-12 on Tuesday: 08:00-17:00 and 09:00-18:00 both do it with one agent and 9 hours;
    # a 4-hour template does it with the same one agent in fewer hours and is chosen.
    need = np.zeros((7, 24))
    need[1, 9:13] = 1
    plan = shift_plan(need, TEMPLATES + (("09:00", "13:00"),))
    assert plan[["weekday", "start", "end", "hours", "agents"]].values.tolist() == [[1, "09:00", "13:00", 4, 1]]


def test_weekdays_without_data_get_no_plan():
    need = np.full((7, 24), np.nan)
    need[4, 10] = 2
    plan = shift_plan(need, TEMPLATES)
    assert plan["weekday"].tolist() == [4] and plan["agents"].sum() == 2


def test_infeasible_templates_name_the_hours():
    need = np.zeros((7, 24))
    need[0, 10] = 1
    need[0, 23] = 1  # no template reaches 23:00
    need[5, 6] = 2   # nor Saturday 06:00
    with pytest.raises(ShiftPlanError) as info:
        shift_plan(need, TEMPLATES)
    text = str(info.value)
    assert "Mon 23:00–24:00" in text and "Sat 06:00–07:00" in text and "周一 23:00–24:00" in text
    assert info.value.uncovered == [(0, 23), (5, 6)]
    # the lenient form plans what it can and lists the rest
    plan, uncovered = plan_shifts(need, TEMPLATES)
    assert uncovered == [(0, 23), (5, 6)] and plan["agents"].sum() == 1


@pytest.mark.parametrize("templates", [(), (("9", "18:00"),), (("09:00", "09:00"),), (("25:00", "26:00"),)])
def test_bad_templates(templates):
    with pytest.raises(ShiftPlanError):
        shift_plan(np.ones((7, 24)), templates)


def test_without_scipy_the_plan_says_so(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "scipy.optimize", None)  # import fails as in a build without scipy
    need = np.zeros((7, 24))
    need[0, 10] = 1
    with pytest.raises(ShiftPlanError) as info:
        shift_plan(need, TEMPLATES)
    assert "scipy" in str(info.value)
