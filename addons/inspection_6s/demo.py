"""Demo data for one site: the default checklist, teams, and three months of
inspections, violations and Friday selections (the current month up to today).

Last month holds domain.md's worked example (gz-tech1: 7 violations and one failed
clean-up = 33 points = 66.00 yuan; worst on every Friday -> 100.00 yuan penalty;
gz-tech2 best on every Friday -> 100.00 yuan reward).  Idempotent: a site that has
any inspection is left as it is (the checklist is still completed).
"""
from __future__ import annotations

import datetime

from sqlalchemy import select

from core import clock, localtime
from core.demo_language import demo_text
from core.extensions import db
from core.models import ErpUser, utcnow

from .models import (SixsChecklistItem, SixsInspection, SixsTeamMember, SixsViolation,
                     SixsWeeklySelection)
from .vocab import FRIDAY, KIND_CLEANUP, KIND_ITEM

TEAMS = {"gz-tech1": "机修一组 Mechanics 1", "gz-tech2": "机修二组 Mechanics 2",
         "gz-qa": "办公室 Office", "gz-hr": "办公室 Office", "gz-finance": "办公室 Office"}
SITE_ITEMS = [
    ("GZ-01", "workshop", "seiketsu", "工位看板每日更新。", "Update the bay board every day."),
    ("GZ-02", "office", "seiri", "打印机旁不得堆放废纸。",
     "No waste paper piled up next to the printer (replaced by OF-06)."),
]
# per month, each person's violations: (day of month, code or "cleanup", note if any)
LAST_MONTH = {
    "gz-tech1": [
        (2, "WS-13", "旧件放在地砖上 Old parts on the floor"),
        (3, "TC-05", "工具箱里有抹布 Rag in the toolbox"),
        (5, "WS-20", "气管拖地 Air hose trailing"),
        (9, "WS-16"),
        (12, "TL-05"),
        (16, "WS-02", "未戴工号牌 No badge"),
        (19, "EQ-02"),
        (6, "cleanup", "6S大整顿未达标 Clean-up not to standard"),
    ],
    "gz-tech2": [(4, "TR-10"), (17, "WS-18")],
    "gz-qa": [(11, "OF-06")],
    "gz-finance": [(23, "OF-12", "空调未关 Air conditioning left on")],
}
TWO_MONTHS_AGO = {
    "gz-tech2": [
        (3, "WS-12"),
        (6, "WS-13"),
        (10, "SF-12"),
        (13, "WS-21"),
        (20, "TC-02", "第5次 5th of the month"),
    ],
    "gz-tech1": [(7, "WS-07"), (14, "SA-10"), (13, "cleanup")],
    "gz-hr": [(8, "GZ-02", "废纸堆积 Waste paper")],
}
THIS_MONTH = {
    "gz-tech1": [(1, "WS-06"), (6, "WS-19"), (12, "SF-27"), (19, "TR-04")],
    "gz-tech2": [(2, "TC-03"), (9, "GZ-01"), (16, "WB-04")],
    "gz-qa": [(3, "OF-09")],
}


def _text(bilingual: str) -> str:
    """"中文 English" as the demo's language speaks it (core.demo_language)."""
    chinese, _space, english = bilingual.partition(" ")
    return demo_text(english, chinese) if english else bilingual


def load(site_id: int) -> None:
    if db.session.execute(select(SixsInspection.id)
                          .where(SixsInspection.site_id == site_id)).first():
        return
    users = {user.username: user for user in db.session.execute(
        select(ErpUser).where(ErpUser.site_id == site_id, ErpUser.dealer_id.is_(None))
    ).scalars()}
    inspector = users.get("gz-manager") or next(iter(users.values()), None)
    people = {name: users[name] for name in TEAMS if name in users}
    if inspector is None or not people:
        return
    for name, user in people.items():
        db.session.add(SixsTeamMember(site_id=site_id, person_id=user.id, team=_text(TEAMS[name])))
    items = {item.code: item for item in db.session.execute(
        select(SixsChecklistItem).where(SixsChecklistItem.site_id == site_id)).scalars()}
    for code, area, s_type, text_zh, text_en in SITE_ITEMS:
        if code not in items:
            items[code] = SixsChecklistItem(site_id=site_id, code=code, area=area,
                                            s_type=s_type, text_zh=text_zh, text_en=text_en)
            db.session.add(items[code])
    db.session.flush()

    zone = clock.site_zone(site_id)
    today = clock.local_date(utcnow(), zone)
    this_month = clock.month_of(today)
    for offset, violations in ((-2, TWO_MONTHS_AGO), (-1, LAST_MONTH), (0, THIS_MONTH)):
        month = clock.shift_month(this_month, offset)
        first, next_first = clock.month_days(month)
        facts = [(username, fact) for username, rows in violations.items() for fact in rows]
        for index, (username, (day, code, *note)) in enumerate(facts):
            date = first + datetime.timedelta(days=day - 1)
            if date >= next_first or date > today or username not in people:
                continue
            _violation(site_id, zone, inspector, people[username], items, date, index, code,
                       _text(note[0]) if note else None)
    items["GZ-02"].apply_transition("retire", demo_text("Replaced by OF-06.",
                                                        "已由 OF-06 取代。"))
    db.session.flush()
    _selections(site_id, people, this_month, today)
    db.session.flush()


def _violation(site_id, zone, inspector, person, items, date, index, code, note):
    at = localtime.to_utc(datetime.datetime.combine(date, datetime.time(9, 30))
                        + datetime.timedelta(minutes=17 * index), zone)
    if code == "cleanup":
        friday = date + datetime.timedelta(days=(4 - date.weekday()) % 7)
        at = localtime.to_utc(datetime.datetime.combine(friday, datetime.time(18, 30)), zone)
    if at > utcnow():
        return  # later today (the month's first morning) or a Friday to come: not yet
    if code == "cleanup":
        db.session.add(SixsViolation(site_id=site_id, person_id=person.id,
                                     kind=KIND_CLEANUP, occurred_at=at,
                                     note=note))
        return
    item = items[code]
    inspection = SixsInspection(site_id=site_id, area=item.area, inspector_id=inspector.id,
                                inspected_at=at, mode="dynamic" if index % 2 else "static")
    db.session.add(inspection)
    db.session.add(SixsViolation(site_id=site_id, inspection=inspection, person_id=person.id,
                                 kind=KIND_ITEM, checklist_item_id=item.id, occurred_at=at,
                                 note=note))
    db.session.flush()


def _selections(site_id, people, this_month, today):
    """Every Friday of the three months up to today: confirmed, except this week's
    (proposed).  Last month: gz-tech2 best and gz-tech1 worst every Friday."""
    tech1, tech2 = people.get("gz-tech1"), people.get("gz-tech2")
    office = people.get("gz-qa") or people.get("gz-hr")
    for offset in (-2, -1, 0):
        month = clock.shift_month(this_month, offset)
        for number, friday in enumerate(clock.weekdays_in_month(month, FRIDAY)):
            if friday > today:
                continue
            row = SixsWeeklySelection(site_id=site_id, week_start=clock.week_start(friday))
            db.session.add(row)
            db.session.flush()  # the system's proposal
            if clock.week_start(friday) == clock.week_start(today):
                continue
            if offset == -1 and tech1 and tech2:
                row.best_person_id, row.worst_person_id = tech2.id, tech1.id
            elif offset == -2 and tech1 and tech2:
                best = office if number % 2 and office else tech1
                row.best_person_id, row.worst_person_id = best.id, tech2.id
            if row.best_person_id is None and row.worst_person_id is None:
                continue
            row.apply_transition("confirm")
            db.session.flush()
