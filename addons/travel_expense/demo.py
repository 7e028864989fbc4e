"""A populated month of travel-expense claims for the demo site's staff.

Last month (site-local) gets claims in every state — paid, approved by finance,
approved by the manager (with a city mismatch the manager overrode), submitted
(with flagged lines), rejected, found fraudulent (a reused invoice number, which
proposes a P-FRAUD penalty where the penalties addon is on) and a manager's own
claim approved by the site admin; this month gets a draft still missing a receipt.
Each line has its own receipt file (a small PDF).  Idempotent: a claim is made once
per (person, destination, first day).
"""
from __future__ import annotations

import datetime
import decimal
import io

from sqlalchemy import column, select, table
from werkzeug.datastructures import FileStorage

from core import clock, settings
from core.demo_language import demo_text
from core.extensions import db
from core.models import ErpUser, utcnow
from core.sites import enabled_addons
from core.storage import save_upload

from .models import ExpenseClaim, ExpenseLine

D = decimal.Decimal
CITIES = {"Guangzhou": "广州", "Foshan": "佛山", "Dongguan": "东莞", "Qingyuan": "清远",
          "Shaoguan": "韶关", "Zhongshan": "中山", "Jiangmen": "江门", "Huizhou": "惠州",
          "Shenzhen": "深圳", "Zhaoqing": "肇庆"}
# key, claimant, destination, (month offset, first day, last day), purpose,
# lines (kind, day, city, amount, invoice, receipt?), steps (action, actor, reason)
CLAIMS = [
    ("paid", "gz-tech1", "Foshan", (-1, 3, 5), "Repair of two harvesters at a Foshan farm.",
     [("transport", 3, "Foshan", "35.50", "44001234", True),
      ("accommodation", 3, "Foshan", "280.00", "44005678", True),
      ("accommodation", 4, "Foshan", "280.00", "44005679", True),
      ("allowance", 3, None, "100.00", None, False),
      ("allowance", 4, None, "100.00", None, False),
      ("allowance", 5, None, "100.00", None, False),
      ("materials", 4, "Foshan", "460.00", "44007001", True)],
     [("submit", "gz-tech1"), ("approve", "gz-manager"), ("finance_approve", "gz-finance"),
      ("pay", "gz-finance")]),
    ("finance", "gz-tech2", "Dongguan", (-1, 8, 9), "Warranty replacement of a gearbox.",
     [("transport", 8, "Dongguan", "48.00", "44101001", True),
      ("accommodation", 8, "Dongguan", "260.00", "44101002", True),
      ("freight", 9, "Dongguan", "150.00", "44101003", True),
      ("phone_allowance", 9, None, "10.00", None, False)],
     [("submit", "gz-tech2"), ("approve", "gz-manager"), ("finance_approve", "gz-finance")]),
    ("manager", "gz-tech1", "Qingyuan", (-1, 12, 14), "Commissioning of three tractors.",
     [("transport", 12, "Qingyuan", "62.00", "44201001", True),
      ("accommodation", 12, "Shaoguan", "240.00", "44201002", True),
      ("accommodation", 13, "Qingyuan", "230.00", "44201003", True)],
     [("submit", "gz-tech1"),
      ("override", "gz-manager",
       "The Qingyuan hotels were full; the customer booked the Shaoguan hotel."),
      ("approve", "gz-manager")]),
    ("submitted", "gz-tech2", "Zhongshan", (-1, 17, 18), "Customer complaint about oil leaks.",
     [("transport", 16, "Guangzhou", "40.00", "44301001", True),
      ("accommodation", 17, "Zhongshan", "420.00", "44301002", True),
      ("materials", 18, "Zhongshan", "1280.00", "44301003", True)],
     [("submit", "gz-tech2")]),
    ("rejected", "gz-tech1", "Jiangmen", (-1, 20, 21), "Annual visit to a key customer.",
     [("transport", 20, "Jiangmen", "55.00", "44401001", True),
      ("accommodation", 20, "Jiangmen", "300.00", "44401002", True)],
     [("submit", "gz-tech1"),
      ("reject", "gz-manager", "Please add the hotel's itemised bill.")]),
    ("fraud", "gz-tech2", "Huizhou", (-1, 24, 25), "Repair of a combine harvester.",
     [("transport", 24, "Huizhou", "70.00", "44501001", True),
      ("accommodation", 24, "Huizhou", "280.00", "44005678", True)],
     [("submit", "gz-tech2"), ("approve", "gz-manager"),
      ("mark_fraud", "gz-finance",
       "The hotel invoice is the one already claimed for the Foshan trip.")]),
    ("own", "gz-manager", "Shenzhen", (-1, 27, 28), "Dealer meeting on warranty returns.",
     [("transport", 27, "Shenzhen", "75.00", "44601001", True),
      ("accommodation", 27, "Shenzhen", "340.00", "44601002", True)],
     [("submit", "gz-manager"), ("approve", "gz-admin")]),
    ("draft", "gz-tech1", "Zhaoqing", (0, 1, 1), "Inspection of a returned pump.",
     [("transport", 1, "Zhaoqing", "45.00", "44701001", True),
      ("accommodation", 1, "Zhaoqing", "260.00", "44701002", False)],
     []),
]
CHINESE = {
    "Repair of two harvesters at a Foshan farm.": "佛山农场两台收割机维修。",
    "Warranty replacement of a gearbox.": "三包更换变速箱。",
    "Commissioning of three tractors.": "三台拖拉机安装调试。",
    "Customer complaint about oil leaks.": "客户投诉漏油问题。",
    "Annual visit to a key customer.": "重点客户年度回访。",
    "Repair of a combine harvester.": "联合收割机维修。",
    "Dealer meeting on warranty returns.": "经销商三包件退回会议。",
    "Inspection of a returned pump.": "退回油泵检验。",
    "The Qingyuan hotels were full; the customer booked the Shaoguan hotel.":
        "清远酒店客满，客户安排入住韶关酒店。",
    "Please add the hotel's itemised bill.": "请补充酒店消费明细单。",
    "The hotel invoice is the one already claimed for the Foshan trip.":
        "该酒店发票已在佛山出差报销中使用过。",
}


def _text(english: str | None) -> str | None:
    return english if english is None else demo_text(english, CHINESE[english])


def _city(english: str | None) -> str | None:
    return english if english is None else demo_text(english, CITIES[english])


def _day(today: datetime.date, offset: int, day: int) -> datetime.date:
    year, month = today.year, today.month + offset
    while month < 1:
        year, month = year - 1, month + 12
    return min(datetime.date(year, month, day), today)


def _receipt(key: str, index: int):
    """A small PDF of its own per line (the same file twice would be a duplicate)."""
    content = (b"%PDF-1.4\n% demo receipt " + f"{key}-{index}".encode() +
               b"\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    name = demo_text(f"receipt-{key}-{index}.pdf", f"发票-{key}-{index}.pdf")
    return save_upload(FileStorage(io.BytesIO(content), filename=name))


def _dispatches(site_id: int, technician_id: int) -> str | None:
    """Two of the technician's service dispatches, when service_policy is on (read
    with plain SQL: no addon imports another)."""
    if "service_policy" not in enabled_addons(site_id):
        return None
    dispatch = table("service_dispatch", column("id"), column("site_id"),
                     column("technician_id"))
    ids = db.session.execute(
        select(dispatch.c.id).where(dispatch.c.site_id == site_id,
                                    dispatch.c.technician_id == technician_id)
        .order_by(dispatch.c.id).limit(2)).scalars().all()
    return ",".join(str(number) for number in ids) or None


def load(site_id: int) -> None:
    today = clock.today(site_id)
    people = {user.username: user for user in db.session.execute(
        select(ErpUser).where(ErpUser.site_id == site_id)).scalars()}
    settings.set(site_id, "travel_expense.home_cities", [_city("Guangzhou")])
    settings.set(site_id, "travel_expense.sales_branch_staff", ["gz-tech1", "gz-manager"])
    for key, username, destination, (offset, first, last), purpose, lines, steps in CLAIMS:
        claimant = people.get(username)
        trip_start, trip_end = _day(today, offset, first), _day(today, offset, last)
        # known by its claimant and purpose, not its dates: they move with the day
        # the demo is loaded on, and a second load on another day must add nothing
        if claimant is None or db.session.execute(
                select(ExpenseClaim.id).where(ExpenseClaim.site_id == site_id,
                                              ExpenseClaim.claimant_id == claimant.id,
                                              ExpenseClaim.purpose == _text(purpose))).first():
            continue
        claim = ExpenseClaim(site_id=site_id, claimant=claimant,
                             destination=_city(destination), trip_start=trip_start,
                             trip_end=trip_end, purpose=_text(purpose),
                             dispatch_ids=_dispatches(site_id, claimant.id))
        db.session.add(claim)
        db.session.flush()
        for index, (kind, day, city, amount, invoice, receipt) in enumerate(lines, 1):
            line = ExpenseLine(site_id=site_id, claim=claim, kind=kind,
                               spent_on=_day(today, offset, day), city=_city(city),
                               amount=D(amount), invoice_number=invoice)
            if receipt:
                line.set_file(_receipt(key, index))
            db.session.add(line)
            db.session.flush()
        for action, actor, *reason in steps:
            reason = _text(reason[0]) if reason else None
            if action == "override":
                line = next(line for line in claim.lines if line.has_city_mismatch)
                line.override(reason)
                line.overridden_by_id = people[actor].id
            else:
                claim.act(action, reason, user=people[actor])
            db.session.flush()
        _backdate(claim, trip_end)
    db.session.flush()


def _backdate(claim: ExpenseClaim, trip_end: datetime.date) -> None:
    """The steps' times a few days after the trip, as they would have been."""
    back = datetime.datetime.combine(trip_end, datetime.time(2, 0))
    for column_name, days in (("submitted_at", 1), ("manager_approved_at", 2),
                              ("finance_approved_at", 3), ("paid_at", 4), ("rejected_at", 2)):
        if getattr(claim, column_name) is not None:
            setattr(claim, column_name, min(back + datetime.timedelta(days=days), utcnow()))
    for line in claim.lines:
        if line.overridden_at is not None:
            line.overridden_at = min(back + datetime.timedelta(days=2), utcnow())
