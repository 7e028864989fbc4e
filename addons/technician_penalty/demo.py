"""A populated month of penalties and rewards for the demo site's technicians.

Last month (site-local) gets records at every step of the life cycle, from every
source, with a repeated offence, a phone allowance forfeit, a changed sanction and
appeals upheld, pending and granted; this month gets a few fresh ones (one still
open to appeal).  Idempotent: each demo record has its own ``source_ref``.
"""
from __future__ import annotations

import datetime
import decimal

from sqlalchemy import select

from core import clock
from core.demo_language import demo_text
from core.extensions import db
from core.localtime import to_utc
from core.models import ErpUser, utcnow

from .models.penalty_rule import rule_by_code
from .models import PenaltyRecord

D = decimal.Decimal
APPROVED = [("verify",), ("hr_approve",)]
# per month: key, username, rule, day of month, source kind, amount, evidence, steps
LAST_MONTH = [
    ("late-1", "gz-tech1", "P-LATE", 3, "late_arrival", None,
     "Arrived 40 minutes after the agreed time at the Panyu customer.", APPROVED),
    ("late-2", "gz-tech1", "P-LATE", 17, "late_arrival", None,
     "Arrived 25 minutes late; the customer called the service hotline.", APPROVED),
    ("phone-1", "gz-tech1", "P-PHONE", 8, "manual", None,
     "Phone switched off from 14:00 to 16:30 on a working day.",
     [("verify",), ("hr_approve", None, {"phone_option": "forfeit"})]),
    ("sixs-best", "gz-tech1", "R-6S-BEST", 1, "sixs_month", D("100.00"),
     "Chosen best 6S performer on 4 Fridays.", APPROVED),
    ("sixs-month", "gz-tech1", "P-6S-MONTH", 1, "sixs_month", D("66.00"),
     "7 violations and one failed clean-up: 33 points.", APPROVED),
    ("service-1", "gz-tech1", "R-SERVICE", 14, "manual", D("200.00"),
     "Letter of thanks from a Huadu customer for a Sunday repair.", APPROVED),
    ("quarrel-1", "gz-tech2", "P-QUARREL", 10, "complaint", None,
     "The customer reported a shouting match about the repair quote.", APPROVED),
    ("nocall-1", "gz-tech2", "P-NOCALL", 12, "left_without_calling", None,
     "Left the site without calling the service desk.",
     [*APPROVED, ("appeal", "I called from the customer's landline.")]),
    ("disobey-1", "gz-tech2", "P-DISOBEY", 20, "manual", None,
     "Refused the dispatch to Huadu and went home.",
     [*APPROVED, ("appeal", "My car had broken down."),
      ("hr_uphold", "The car was repaired the day before; the dispatch stood.")]),
    ("fraud-1", "gz-tech2", "P-FRAUD", 22, "expense_audit", None,
     "A hotel receipt from a city the trip did not go to.",
     [("verify",), ("hr_change", "Second false receipt this year.",
                    {"sanction": "major_demerit", "quantity": 1})]),
    ("attitude-1", "gz-tech2", "P-ATTITUDE", 25, "complaint", None,
     "Complaint about a rude answer on the phone.", [("verify",)]),
    ("solicit-1", "gz-tech1", "P-SOLICIT", 26, "complaint", None,
     "The customer says a cash tip was asked for.", []),
    ("noserve-1", "gz-tech1", "P-NOSERVE", 27, "manual", None,
     "A visit postponed twice.", [("dismiss", "The customer postponed the visit.")]),
    ("phone-2", "gz-tech2", "P-PHONE", 28, "manual", None,
     "No answer on Saturday 21:30.", [("verify",), ("hr_reject", "Saturday is his day off.")]),
    ("late-3", "gz-tech2", "P-LATE", 6, "late_arrival", None,
     "Arrived an hour late.",
     [*APPROVED, ("appeal", "The road was closed by the police."),
      ("hr_annul", "The closure is confirmed by the traffic police notice.")]),
]
THIS_MONTH = [
    ("late-now", "gz-tech1", "P-LATE", 1, "late_arrival", None,
     "Arrived 30 minutes late.", []),
    ("nocall-now", "gz-tech2", "P-NOCALL", 1, "left_without_calling", None,
     "Left without calling after the Panyu visit.", [("verify",)]),
    ("disobey-now", "gz-tech1", "P-DISOBEY", 1, "manual", None,
     "Did not take the assigned urgent dispatch.", APPROVED),
]

# the Chinese demo's texts (core.demo_language): evidence and reasons above
CHINESE = {
    "Arrived 40 minutes after the agreed time at the Panyu customer.":
        "比约定时间晚 40 分钟到达番禺客户处。",
    "Arrived 25 minutes late; the customer called the service hotline.":
        "迟到 25 分钟，客户拨打了服务热线。",
    "Phone switched off from 14:00 to 16:30 on a working day.": "工作日 14:00 至 16:30 手机关机。",
    "Chosen best 6S performer on 4 Fridays.": "4 个周五被评为 6S 最佳。",
    "7 violations and one failed clean-up: 33 points.": "违规 7 次、大整顿未达标 1 次：扣 33 分。",
    "Letter of thanks from a Huadu customer for a Sunday repair.": "花都客户来信感谢周日上门维修。",
    "The customer reported a shouting match about the repair quote.": "客户反映因维修报价发生争吵。",
    "Left the site without calling the service desk.": "未来电服务部擅自离开现场。",
    "I called from the customer's landline.": "我用客户的座机打过电话。",
    "Refused the dispatch to Huadu and went home.": "拒绝前往花都的派工，直接回家。",
    "My car had broken down.": "我的车坏了。",
    "The car was repaired the day before; the dispatch stood.": "车辆前一天已修好，派工有效。",
    "A hotel receipt from a city the trip did not go to.": "一张出差未到达城市的酒店发票。",
    "Second false receipt this year.": "本年度第二次虚假票据。",
    "Complaint about a rude answer on the phone.": "客户投诉电话中回答粗鲁。",
    "The customer says a cash tip was asked for.": "客户称被索要现金小费。",
    "A visit postponed twice.": "上门服务两次推迟。",
    "The customer postponed the visit.": "是客户推迟了上门时间。",
    "No answer on Saturday 21:30.": "周六 21:30 未接电话。",
    "Saturday is his day off.": "周六是他的休息日。",
    "Arrived an hour late.": "迟到一小时。",
    "The road was closed by the police.": "道路被交警封闭。",
    "The closure is confirmed by the traffic police notice.": "交警通告证实了道路封闭。",
    "Arrived 30 minutes late.": "迟到 30 分钟。",
    "Left without calling after the Panyu visit.": "番禺上门服务后未来电即离开。",
    "Did not take the assigned urgent dispatch.": "未接受指派的紧急派工。",
}


def _text(english: str | None) -> str | None:
    return english if english is None else demo_text(english, CHINESE[english])


def _occurred_at(zone, month_offset: int, day: int) -> datetime.datetime:
    today = clock.local_date(utcnow(), zone)
    year, month = today.year, today.month + month_offset
    while month < 1:
        year, month = year - 1, month + 12
    return min(to_utc(datetime.datetime(year, month, day, 10, 0), zone), utcnow())


def load(site_id: int) -> None:
    zone = clock.site_zone(site_id)
    people = {user.username: user for user in db.session.execute(
        select(ErpUser).where(ErpUser.site_id == site_id)).scalars()}
    records = [(offset, record) for offset, month in ((-1, LAST_MONTH), (0, THIS_MONTH))
               for record in month]
    for offset, (key, username, code, day, source, amount, evidence, steps) in records:
        ref = f"demo:technician_penalty:{key}"
        technician = people.get(username)
        rule = rule_by_code(site_id, code)
        if technician is None or rule is None or db.session.execute(
                select(PenaltyRecord.id).where(PenaltyRecord.site_id == site_id,
                                               PenaltyRecord.source_ref == ref)).first():
            continue
        occurred_at = _occurred_at(zone, offset, day)
        record = PenaltyRecord(site_id=site_id, technician=technician, rule=rule,
                               occurred_at=occurred_at, evidence=_text(evidence),
                               source_kind=source,
                               source_ref=ref, amount=amount)
        db.session.add(record)
        db.session.flush()
        for step in steps:
            action = step[0]
            reason = _text(step[1]) if len(step) > 1 else None
            decision = step[2] if len(step) > 2 else {}
            record.decide(action, reason, **decision)
            db.session.flush()
        _backdate(record, occurred_at, recent=offset == 0)
    db.session.flush()


def _backdate(record: PenaltyRecord, occurred_at: datetime.datetime, recent: bool) -> None:
    """Give last month's steps the dates they would have had; this month's records
    keep today's dates, so the technician can still appeal one of them."""
    if recent:
        return
    for column, days in (("verified_at", 1), ("decided_at", 2), ("appealed_at", 4),
                         ("appeal_decided_at", 6)):
        if getattr(record, column) is not None:
            setattr(record, column, min(occurred_at + datetime.timedelta(days=days),
                                        utcnow()))
