"""The monthly statistics (003 二.5.4) the claims feed: person-days, transport,
materials and the total of the claims finance approved whose trip ends in the month."""
from __future__ import annotations

import datetime
import decimal

from core import sites
from core.reports import contributed_figures

from tests.fixtures import api_token, as_system, in_chinese

from .common import act, add_line, new_claim

D = decimal.Decimal


def _claim(client, tech, destination, start, end, lines, steps):
    headers = api_token(client, tech)
    claim_id = new_claim(client, headers, destination=destination, start=start, end=end)
    for kind, day, city, amount in lines:
        add_line(client, headers, claim_id, kind=kind, spent_on=day, city=city,
                 amount=amount)
    for action, who, *reason in steps:
        body = {"reason": reason[0]} if reason else {}
        response = act(client, api_token(client, who), claim_id, action, **body)
        assert response.status_code == 200, (action, response.json)
    return claim_id


PAID = [("submit", "gz-tech1"), ("approve", "gz-manager"),
        ("finance_approve", "gz-finance"), ("pay", "gz-finance")]
FINANCE = PAID[:3]


def test_monthly_figures_count_finance_approved_trips_ending_in_the_month(app, client):
    # A: 3 to 5 June, paid: 3 person-days; the Shaoguan hotel (not the destination,
    # no override) is not reimbursed
    _claim(client, "gz-tech1", "佛山", "2024-06-03", "2024-06-05", [
        ("transport", "2024-06-03", "佛山", "35.50"),
        ("accommodation", "2024-06-03", "佛山", "280.00"),
        ("accommodation", "2024-06-04", "韶关", "240.00"),
        ("materials", "2024-06-04", "佛山", "460.00"),
        ("freight", "2024-06-05", "佛山", "150.00")], PAID)
    # C: 30 May to 1 June, approved by finance: ends in June, 3 person-days
    _claim(client, "gz-tech2", "东莞", "2024-05-30", "2024-06-01", [
        ("transport", "2024-05-30", "东莞", "48.00"),
        ("accommodation", "2024-05-30", "东莞", "260.00")],
        [("submit", "gz-tech2")] + FINANCE[1:])
    # B: 28 June to 2 July: ends in July, counts there (5 person-days)
    _claim(client, "gz-tech2", "中山", "2024-06-28", "2024-07-02", [
        ("accommodation", "2024-06-28", "中山", "300.00")],
        [("submit", "gz-tech2")] + FINANCE[1:])
    # D: approved by the manager only; E: rejected: neither counts
    _claim(client, "gz-tech1", "江门", "2024-06-10", "2024-06-10", [
        ("accommodation", "2024-06-10", "江门", "200.00")], PAID[:2])
    _claim(client, "gz-tech1", "惠州", "2024-06-12", "2024-06-13", [
        ("accommodation", "2024-06-12", "惠州", "200.00")],
        PAID[:2] + [("reject", "gz-finance", "发票不清")])

    with as_system(app):
        site_id = sites.get_site("gz").id
    with as_system(app, site_id):
        june = {f.key: f.value for f in contributed_figures(
            "monthly", site_id, datetime.date(2024, 6, 1), datetime.date(2024, 6, 30))}
        july = {f.key: f.value for f in contributed_figures(
            "monthly", site_id, datetime.date(2024, 7, 1), datetime.date(2024, 7, 31))}
    # June: 3 + 3 person-days; transport 35.50 + 150.00 (freight) + 48.00;
    # materials 460.00; total 35.50 + 280.00 + 460.00 + 150.00 + 48.00 + 260.00
    assert june["travel_expense.person_days"] == 6
    assert june["travel_expense.transport"] == D("233.50")
    assert june["travel_expense.materials"] == D("460.00")
    assert june["travel_expense.total"] == D("1233.50")
    assert july["travel_expense.person_days"] == 5
    assert july["travel_expense.transport"] == D("0.00")
    assert july["travel_expense.total"] == D("300.00")


def test_the_figures_have_chinese_labels(app):
    from flask_babel import gettext

    from addons.travel_expense.reports import monthly_figures

    with as_system(app):
        site_id = sites.get_site("gz").id
    with in_chinese(app), as_system(app, site_id):
        figures = monthly_figures(site_id, datetime.date(2023, 1, 1),
                                  datetime.date(2023, 1, 31))
        assert [f.value for f in figures] == [0, D("0.00"), D("0.00"), D("0.00")]
        for figure in figures:
            assert gettext(figure.label) != figure.label, figure.label
