"""Appraisal scoring rules against values worked out by hand (issue 14)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.appraisal import scoring
from desktop_app.core.appraisal.appraise import appraise
from desktop_app.core.appraisal.scheme import parse_scheme
from desktop_app.core.model.settings import ModelSettings

NAN = float("nan")


def test_bands_higher_first_reached_band_wins_and_none_reached_is_zero():
    bands = [(0.6, 100), (0.5, 80), (0.4, 60)]
    got = scoring.band_points(np.array([0.7, 0.6, 0.59, 0.5, 0.45, 0.4, 0.39, NAN]), bands, "higher")
    assert got[:7].tolist() == [100, 100, 80, 80, 60, 60, 0]
    assert math.isnan(got[7])


def test_bands_lower_uses_at_most():
    bands = [(10, 100), (15, 80), (30, 50)]
    got = scoring.band_points(np.array([5, 10, 10.01, 15, 29.9, 30, 31]), bands, "lower")
    assert got.tolist() == [100, 100, 80, 80, 50, 50, 0]


def test_linear_higher_clamped_both_ends():
    # floor 0.2, target 0.6: 0.4 is halfway -> 50; 0.1 below the floor -> 0; 0.9 past the target -> 100
    got = scoring.linear_points(np.array([0.1, 0.2, 0.3, 0.4, 0.6, 0.9]), 0.2, 0.6)
    assert got == pytest.approx([0, 0, 25, 50, 100, 100])


def test_linear_lower_clamped_both_ends():
    # floor 60 s, target 16 s: 38 s is halfway -> 50; 27 s -> (60-27)/44*100 = 75
    got = scoring.linear_points(np.array([70, 60, 38, 27, 16, 3]), 60, 16)
    assert got == pytest.approx([0, 0, 50, 75, 100, 100])


def test_missing_kpi_spreads_its_weight_over_the_other_items():
    # weights 50, 30, 20; agent 2 lacks the second item: weights used 50*100/70, -, 20*100/70
    points = np.array([[80.0, 60.0, 100.0], [80.0, NAN, 100.0]])
    used, weighted = scoring.weigh(points, [50, 30, 20])
    assert weighted[0] == pytest.approx([40.0, 18.0, 20.0])  # 80*.5, 60*.3, 100*.2 = 78
    assert used[1][0] == pytest.approx(500 / 7) and math.isnan(used[1][1]) and used[1][2] == pytest.approx(200 / 7)
    # 80*50/70 + 100*20/70 = 4000/70 + 2000/70 = 85.714...
    assert np.nansum(weighted[1]) == pytest.approx(6000 / 70)
    assert scoring.totals(weighted, np.zeros((2, 0))).tolist() == [78.0, 85.71]


def test_totals_floor_at_zero_round_half_up_and_null_without_items():
    weighted = np.array([[10.0, 2.0], [84.285, 0.0], [NAN, NAN]])
    deducted = np.array([[15.0], [0.0], [1.0]])
    got = scoring.totals(weighted, deducted)
    assert got[0] == 0.0 and got[1] == 84.29 and math.isnan(got[2])


def test_deductions_count_times_each_with_cap():
    got = scoring.deduction_points(np.array([0, 3, 20, 21, NAN]), 0.5, 10)
    assert got.tolist() == [0.0, 1.5, 10.0, 10.0, 0.0]
    assert scoring.deduction_points(np.array([30.0]), 0.5, None).tolist() == [15.0]


TIERS = [(0, 0.01), (50000, 0.015), (100000, 0.02)]


def test_commission_marginal_at_tier_edges():
    base = np.array([0, 49999.99, 50000, 50000.01, 100000, 120000, -5, NAN])
    got = scoring.commission(base, TIERS, "marginal")
    # 49999.99*1% = 499.9999 -> 500.00; 50000 -> 500; 50000.01 -> 500 + 0.01*1.5% = 500.00015 -> 500.00
    # 100000 -> 500 + 750 = 1250; 120000 -> 1250 + 20000*2% = 1650
    assert got[:7].tolist() == [0.0, 500.0, 500.0, 500.0, 1250.0, 1650.0, 0.0]
    assert math.isnan(got[7])


def test_commission_whole_at_tier_edges():
    base = np.array([49999.99, 50000, 99999.99, 100000, 120000])
    got = scoring.commission(base, TIERS, "whole")
    # 49999.99*1% = 499.9999 -> 500.00; 50000*1.5% = 750; 99999.99*1.5% = 1499.99985 -> 1500.00
    assert got.tolist() == [500.0, 750.0, 1500.0, 2000.0, 2400.0]


def test_commission_rounds_half_up_to_the_cent():
    # 1234.5 * 1% = 12.345 -> 12.35 (half up, not banker's or float-truncated 12.34)
    assert scoring.commission(np.array([1234.5]), TIERS, "whole").tolist() == [12.35]


def test_grade_edges():
    table = [(90, "A"), (75, "B"), (60, "C"), (0, "D")]
    assert scoring.grades(np.array([100, 90, 89.99, 75, 74.99, 60, 59.99, 0, NAN]), table) == [
        "A", "A", "B", "B", "C", "C", "D", "D", None]
    assert scoring.grades(np.array([5.0]), [(10, "A")]) == [None]


def test_rank_ties_share_a_rank():
    got = scoring.ranks(np.array([80.0, 95.0, 80.0, 70.0, NAN, 95.0]))
    assert got[[0, 1, 2, 3, 5]].tolist() == [3, 1, 3, 5, 1]
    assert math.isnan(got[4])


SCHEME = {
    "version": 1, "name": "t",
    "items": [
        {"kpi": "conversion_rate", "weight": 60, "better": "higher", "bands": [[0.5, 100], [0.3, 60]]},
        {"kpi": "response_mean_s", "weight": 40, "better": "lower", "linear": {"floor": 60, "target": 20}},
        {"kpi": "clean_share", "weight": 20, "better": "higher", "linear": {"floor": 0.5, "target": 1.0}},
    ],
    "deductions": [{"kpi": "unanswered_turns", "points_each": 1, "cap": 3},
                   {"kpi": "bare_reply", "points_each": 2, "cap": None}],
    "commission": {"base": "net_sales", "mode": "marginal", "tiers": [[0, 0.01], [1000, 0.02]]},
    "grades": [[80, "A"], [50, "B"], [0, "C"]],
}


def _agents(**extra):
    frame = pd.DataFrame({
        "agent": ["甲", "乙", "机器人小蜜", "丙"],
        "conversion_rate": [0.5, 0.3, 0.9, NAN],
        "response_mean_s": [30.0, 60.0, 1.0, 20.0],
        "unanswered_turns": [5, 1, 0, 0],
        "sales": [1500.0, 800.0, 9999.0, 0.0],
        "refund_amount": [100.0, 0.0, 0.0, 0.0],
    })
    for k, v in extra.items():
        frame[k] = v
    return frame


def test_appraise_by_hand_without_quality_columns():
    a = appraise(_agents(), parse_scheme(SCHEME), settings=ModelSettings())
    # the robot (settings.robot_accounts matches 机器人) is never appraised
    assert a.agents["agent"].tolist() == ["甲", "乙", "丙"]
    assert set(a.missing_kpis) == {"clean_share", "bare_reply"}
    # 甲: conversion 0.5 -> 100, response 30 s -> (60-30)/40*100 = 75; clean_share missing -> weights 60/100,
    # 40/100: 60 + 30 = 90; unanswered 5 x 1 capped at 3 -> 87
    row = a.agents.set_index("agent")
    assert row.loc["甲", "total"] == 87.0 and row.loc["甲", "grade"] == "A"
    # 乙: 0.3 -> 60 (x0.6 = 36), 60 s -> 0; minus 1 -> 35
    assert row.loc["乙", "total"] == 35.0 and row.loc["乙", "grade"] == "C"
    # 丙: no conversion (no inquiries) -> response alone carries all the weight: 100 points
    assert row.loc["丙", "total"] == 100.0 and bool(row.loc["丙", "respread"])
    assert row["rank"].tolist() == [2, 3, 1]
    # commission on net sales 1400: 1000*1% + 400*2% = 18
    assert row.loc["甲", "commission"] == 18.0 and row.loc["乙", "commission"] == 8.0
    items = a.agent_items("丙").set_index("kpi")
    assert math.isnan(items.loc["conversion_rate", "points"]) and items.loc["response_mean_s", "weight"] == 120  # all 120 of the weight
    ded = a.agent_deductions("甲").set_index("kpi")
    assert ded.loc["unanswered_turns", "points"] == 3 and not ded.loc["bare_reply", "available"]


def test_appraise_with_quality_columns_and_robot_column():
    frame = _agents(clean_share=[0.75, 1.0, 1.0, NAN], hits_bare_reply=[1, 0, 0, 0],
                    robot=[False, False, True, False])
    a = appraise(frame, parse_scheme(SCHEME))  # no settings: the robot column alone excludes the bot
    row = a.agents.set_index("agent")
    assert "机器人小蜜" not in row.index and a.missing_kpis == []
    # 甲: 100*60/120 + 75*40/120 + 50*20/120 = 50 + 25 + 8.333 = 83.333; minus 3 (capped) and 2 -> 78.33
    assert row.loc["甲", "total"] == 78.33
    # 乙: 60*60/120 + 0 + 100*20/120 = 30 + 16.667 = 46.667 - 1 -> 45.67
    assert row.loc["乙", "total"] == 45.67
    assert a.team["total"] == pytest.approx((78.33 + 45.67 + 100.0) / 3)


def test_appraise_empty_frame():
    a = appraise(pd.DataFrame({"agent": []}), parse_scheme(SCHEME))
    assert len(a.agents) == 0 and len(a.items) == 0
