"""The scoring rules of domain.md "Addon 2" [004 制度3 十二], with its numbers."""
import datetime

import pytest

from tests.fixtures import as_system

from .helpers import (cleanup_failures, confirmed_selections, make_site, month_times, score,
                      set_setting, violations)


@pytest.fixture
def site(app):
    return make_site(app)


def test_sixs_first_four_violations_cost_two_points_each(app, site):
    person = site.people[0]
    violations(app, site.id, person, month_times(2021, 3, 4))
    row = score(app, site.id, "2021-03")[person]
    assert (row["violations"], row["points"], row["deduction_yuan"]) == (4, 8, "16.00")


def test_sixs_fifth_violation_costs_five_points(app, site):
    person = site.people[0]
    violations(app, site.id, person, month_times(2021, 3, 5))
    row = score(app, site.id, "2021-03")[person]
    assert (row["violations"], row["points"], row["deduction_yuan"]) == (5, 13, "26.00")


def test_sixs_one_point_is_two_yuan(app, site):
    person = site.people[1]
    violations(app, site.id, person, month_times(2021, 3, 1))
    row = score(app, site.id, "2021-03")[person]
    assert (row["points"], row["deduction_yuan"]) == (2, "4.00")


def test_sixs_failed_cleanup_costs_ten_points_and_is_not_one_of_the_violations(app, site):
    person = site.people[0]
    violations(app, site.id, person, month_times(2021, 3, 4))
    cleanup_failures(app, site.id, person, [datetime.datetime(2021, 3, 5, 10, 0)])
    row = score(app, site.id, "2021-03")[person]
    # the clean-up does not make a 5th violation: 4 x 2 + 10
    assert (row["violations"], row["cleanup_failures"], row["points"]) == (4, 1, 18)
    assert row["deduction_yuan"] == "36.00"


def test_sixs_worked_example_seven_violations_and_a_failed_cleanup_are_33_points_66_yuan(
        app, site):
    person = site.people[0]
    violations(app, site.id, person, month_times(2026, 11, 7, start_day=2))
    cleanup_failures(app, site.id, person, [datetime.datetime(2026, 11, 6, 10, 0)])
    row = score(app, site.id, "2026-11")[person]
    assert row["violations"] == 7 and row["cleanup_failures"] == 1
    assert row["points"] == 4 * 2 + 3 * 5 + 10 == 33
    assert row["deduction_yuan"] == "66.00"


def test_sixs_month_boundary_is_counted_in_the_site_time_zone(app):
    shanghai, utc = make_site(app), make_site(app, timezone="UTC")
    late_november = datetime.datetime(2015, 11, 30, 17, 0)
    for site in (shanghai, utc):
        violations(app, site.id, site.people[0], [late_november])
    # 17:00 UTC on 30 November is 1 December 01:00 in Shanghai
    assert score(app, shanghai.id, "2015-12")[shanghai.people[0]]["violations"] == 1
    assert score(app, shanghai.id, "2015-11")[shanghai.people[0]]["violations"] == 0
    assert score(app, utc.id, "2015-11")[utc.people[0]]["violations"] == 1
    assert score(app, utc.id, "2015-12")[utc.people[0]]["violations"] == 0


def test_sixs_violations_count_again_from_the_first_each_month(app, site):
    person = site.people[0]
    violations(app, site.id, person, month_times(2021, 4, 6, start_day=20))
    violations(app, site.id, person, month_times(2021, 5, 1))
    assert score(app, site.id, "2021-04")[person]["points"] == 4 * 2 + 2 * 5
    assert score(app, site.id, "2021-05")[person]["points"] == 2


def test_sixs_fifth_violation_is_the_fifth_in_time_whatever_the_order_recorded(app, site):
    from ..scoring import breakdown

    person = site.people[0]
    # recorded last, but the earliest of the month: it costs 2, the 5th in time costs 5
    violations(app, site.id, person, month_times(2021, 6, 4, start_day=10), code="TC-05")
    violations(app, site.id, person, [datetime.datetime(2021, 6, 20, 2, 0)], code="WS-13")
    violations(app, site.id, person, [datetime.datetime(2021, 6, 1, 2, 0)], code="OF-01")
    with as_system(app, site.id):
        by_s = {row["key"]: row["points"] for row in breakdown(site.id, "2021-06", "s")}
        by_area = {row["key"]: row["points"] for row in breakdown(site.id, "2021-06", "area")}
    # OF-01 (sustain, office) 1st: 2; TC-05 (sort) 2nd-4th: 2+2+2, 5th: 5; WS-13 (sort) 6th: 5
    assert by_s == {"shitsuke": 2, "seiri": 2 + 2 + 2 + 5 + 5}
    assert by_area == {"office": 2, "tool_cart": 2 + 2 + 2 + 5, "workshop": 5}


def test_sixs_best_at_least_four_times_in_a_month_earns_100_yuan(app, site):
    best, other = site.people[0], site.people[1]
    # March 2021 has four Fridays: 5, 12, 19, 26
    confirmed_selections(app, site.id, [datetime.date(2021, 3, d) for d in (5, 12, 19, 26)],
                         best=best, worst=other)
    rows = score(app, site.id, "2021-03")
    assert (rows[best]["best_count"], rows[best]["reward_yuan"]) == (4, "100.00")
    assert (rows[other]["worst_count"], rows[other]["penalty_yuan"]) == (4, "100.00")
    assert rows[best]["penalty_yuan"] == "0.00" and rows[other]["reward_yuan"] == "0.00"


def test_sixs_best_three_times_earns_nothing(app, site):
    best = site.people[0]
    confirmed_selections(app, site.id, [datetime.date(2021, 3, d) for d in (5, 12, 19)],
                         best=best)
    row = score(app, site.id, "2021-03")[best]
    assert (row["best_count"], row["reward_yuan"]) == (3, "0.00")


def test_sixs_worst_five_times_in_a_five_friday_month_is_one_100_yuan_penalty(app, site):
    worst, best = site.people[0], site.people[1]
    # January 2021 has five Fridays: 1, 8, 15, 22, 29
    confirmed_selections(app, site.id, [datetime.date(2021, 1, d) for d in (1, 8, 15, 22, 29)],
                         best=best, worst=worst)
    rows = score(app, site.id, "2021-01")
    assert (rows[worst]["worst_count"], rows[worst]["penalty_yuan"]) == (5, "100.00")
    assert (rows[best]["best_count"], rows[best]["reward_yuan"]) == (5, "100.00")


def test_sixs_week_selection_counts_for_the_month_its_friday_falls_in(app, site):
    best = site.people[0]
    # the week of Monday 29 March 2021 ends in April; its Friday is 2 April
    ids = confirmed_selections(app, site.id, [datetime.date(2021, 3, 29)], best=best)
    from ..models import SixsWeeklySelection
    from core.extensions import db

    with as_system(app, site.id):
        row = db.session.get(SixsWeeklySelection, ids[0])
        assert (row.week_start, row.friday, row.month) == (
            datetime.date(2021, 3, 29), datetime.date(2021, 4, 2), "2021-04")
    assert score(app, site.id, "2021-04")[best]["best_count"] == 1
    assert score(app, site.id, "2021-03")[best]["best_count"] == 0


def test_sixs_only_confirmed_selections_count(app, site):
    from ..models import SixsWeeklySelection
    from core.extensions import db

    best = site.people[0]
    with as_system(app, site.id):
        for day in (5, 12, 19, 26):
            db.session.add(SixsWeeklySelection(site_id=site.id,
                                               week_start=datetime.date(2021, 3, day),
                                               best_person_id=best))
        db.session.commit()
    row = score(app, site.id, "2021-03")[best]
    assert (row["best_count"], row["reward_yuan"]) == (0, "0.00")


def test_sixs_settings_are_per_site(app):
    changed, default = make_site(app), make_site(app)
    for key, value in (("points_per_violation", 3), ("points_from_threshold", 6),
                       ("violation_threshold", 4), ("points_per_cleanup_failure", 12),
                       ("yuan_per_point", "1.50"), ("best_count_for_reward", 2),
                       ("best_reward_yuan", "50.00")):
        set_setting(app, changed.id, key, value)
    for site in (changed, default):
        violations(app, site.id, site.people[0], month_times(2021, 3, 5))
        cleanup_failures(app, site.id, site.people[0], [datetime.datetime(2021, 3, 12, 10)])
        confirmed_selections(app, site.id, [datetime.date(2021, 3, 5),
                                            datetime.date(2021, 3, 12)], best=site.people[0])
    mine = score(app, changed.id, "2021-03")[changed.people[0]]
    # 3 x 3 + 2 x 6 + 12 = 33 points at 1.50 = 49.50; best twice >= 2 -> 50.00
    assert (mine["points"], mine["deduction_yuan"], mine["reward_yuan"]) == (
        33, "49.50", "50.00")
    theirs = score(app, default.id, "2021-03")[default.people[0]]
    assert (theirs["points"], theirs["deduction_yuan"], theirs["reward_yuan"]) == (
        4 * 2 + 5 + 10, "46.00", "0.00")


def test_sixs_every_scored_person_has_a_row_ranked_by_points(app, site):
    first, second, third = site.people
    violations(app, site.id, first, month_times(2021, 8, 2))
    violations(app, site.id, second, month_times(2021, 8, 1))
    rows = list(score(app, site.id, "2021-08").values())
    assert [(row["person_id"], row["rank"], row["points"]) for row in rows] == [
        (third, 1, 0), (second, 2, 2), (first, 3, 4)]
    assert set(rows[0]) >= {"person", "violations", "cleanup_failures", "points",
                            "deduction_yuan", "best_count", "worst_count", "reward_yuan",
                            "penalty_yuan"}
