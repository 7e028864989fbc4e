"""The demo's warranty-part returns and CAPA reports: a month of quality work on the
service records and requests the main demo made (idempotent: once per site).
A site without technicians (hq) has no service records, so no returns: only CAPAs."""
from __future__ import annotations

import datetime

from sqlalchemy import select

from core import clock
from core.demo_language import demo_text
from core.extensions import db

from .models import (CapaReport, CapaTask, ServiceDispatch, ServiceRecord,
                     ServiceRecordPart, ServiceRequest, WarrantyReturn)

# (part number, (English, Chinese name), pieces on the list) per record, and how far
# its return goes; the "received" one was counted short
RETURNS = [
    ("notified", [("HYD-PUMP-01", ("Hydraulic pump", "液压泵"), 1),
                  ("SEAL-KIT-07", ("Seal kit", "密封件组"), 2)]),
    ("identified", [("PTO-BRG-22", ("PTO bearing", "动力输出轴轴承"), 2)]),
    ("stored", [("LATCH-CAB-03", ("Cab door latch", "驾驶室门锁扣"), 1)]),
    ("received", [("CLUTCH-PL-11", ("Clutch plate", "离合器片"), 3)]),
    ("registered", [("FILTER-AIR-02", ("Air filter", "空气滤清器"), 1)]),
]
SUPPLIERS = {
    "HYD-PUMP-01": (("Jiangsu Hengli Hydraulics", "江苏恒力液压有限公司"), "HL-2026-09"),
    "SEAL-KIT-07": (("Ningbo Seals", "宁波密封件厂"), "NB-S07"),
    "PTO-BRG-22": (("Luoyang Bearing", "洛阳轴承有限公司"), "LYC 6208"),
    "P-1001": (("Guangzhou Harness", "广州线束有限公司"), "GZX-1001"),
}
PATH = ["receive", "store", "identify", "notify"]
STEPS = {"registered": 0, "received": 1, "stored": 2, "identified": 3, "notified": 4}


def load_quality(site_id: int) -> None:
    # each part once per site (hq has no returns, so each is checked on its own)
    if not db.session.execute(select(WarrantyReturn.id).where(
            WarrantyReturn.site_id == site_id).limit(1)).first():
        _returns(site_id)
    if not db.session.execute(select(CapaReport.id).where(
            CapaReport.site_id == site_id).limit(1)).first():
        _capas(site_id)
    db.session.flush()


def _returns(site_id: int) -> None:
    dispatched = db.session.execute(select(ServiceRequest).join(
        ServiceDispatch, ServiceDispatch.request_id == ServiceRequest.id).where(
        ServiceRequest.site_id == site_id).order_by(ServiceRequest.id)).scalars().all()
    for request, (state, parts) in zip(dispatched, RETURNS):
        dispatch = db.session.execute(select(ServiceDispatch).where(
            ServiceDispatch.request_id == request.id)).scalars().first()
        visited = request.received_at.date() + datetime.timedelta(days=1)
        record = ServiceRecord(
            site_id=site_id, dealer_id=request.dealer_id, request=request,
            dispatch_id=dispatch.id, technician_id=dispatch.technician_id,
            visited_on=visited, returned_on=visited, handed_in_on=visited,
            work_done=demo_text("Replaced the failed parts; tagged them for return.",
                                "更换失效零件，已挂三包退回标签。"))
        record.parts = [ServiceRecordPart(site_id=site_id, dealer_id=request.dealer_id,
                                          part_number=number, name=demo_text(*name),
                                          quantity=pieces)
                        for number, name, pieces in parts]
        db.session.add(record)
        db.session.flush()
        returned = WarrantyReturn(site_id=site_id, record=record,
                                  registered_at=request.received_at + datetime.timedelta(days=3))
        db.session.add(returned)
        db.session.flush()
        for action in PATH[:STEPS[state]]:
            _step(returned, action)
        db.session.flush()


def _step(returned: WarrantyReturn, action: str) -> None:
    reason = None
    if action == "receive":
        short = returned.lines[0].part_number == "CLUTCH-PL-11"
        returned.take_counts({line.id: line.listed_quantity - (1 if short else 0)
                              for line in returned.lines})
        if short:
            reason = demo_text("One clutch plate missing; the dealer says it was scrapped "
                               "on site.", "离合器片少一片，经销商称已在现场报废。")
    if action == "identify":
        returned.take_suppliers(
            {line.id: demo_text(*SUPPLIERS[line.part_number][0]) for line in returned.lines},
            {line.id: SUPPLIERS[line.part_number][1] for line in returned.lines})
    returned.apply_transition(action, reason)


# (severity, state, (nonconformity), (root cause), (actions), tasks as
# (days from today it is due, done, (English, Chinese)), (effectiveness review))
CAPAS = [
    ("major", "rectifying",
     ("Engines stall under load; oil found in the coolant.", "发动机带负荷熄火，冷却液中发现机油。"),
     ("Cylinder-head gasket of one batch below specification.", "某批次缸垫材质不符合要求。"),
     ("Replace the batch; tighten incoming inspection of gaskets.", "更换该批次缸垫；加严缸垫来料检验。"),
     [(-5, False, ("Recall the gasket batch from stock", "清查并退回库存缸垫")),
      (10, False, ("Retrofit the sold tractors", "对已售拖拉机进行更换"))], None),
    ("important", "filed",
     ("PTO shaft vibrates above 540 rpm.", "动力输出轴 540 转以上振动。"),
     ("Bearing clearance out of tolerance.", "轴承游隙超差。"),
     ("Change the bearing supplier; add a run-out check at final inspection.",
      "更换轴承供方；成车检验增加跳动检查。"),
     [(-12, True, ("Qualify the new bearing supplier", "新轴承供方认定")),
      (-6, True, ("Add the run-out check to final inspection", "成车检验增加跳动检查项"))],
     ("No repeat complaint in 30 days; 20 units checked.", "30 天内无同类投诉，抽查 20 台合格。")),
    ("important", "reviewed",
     ("Hydraulic lift drops slowly under load.", "液压提升器带负荷缓慢下降。"),
     ("Worn seals from one supplier.", "某供方密封件早期磨损。"),
     ("Replace seals; supplier corrective action requested.", "更换密封件；要求供方整改。"),
     [(-8, True, ("Replace seals on affected units", "更换受影响机器的密封件"))],
     ("Leak test passed on 15 units.", "15 台保压试验合格。")),
    ("general", "draft",
     ("Cab door latch breaks.", "驾驶室门锁扣断裂。"),
     (None, None), (None, None),
     [(-3, False, ("Check latch drawings with the supplier", "与供方核对锁扣图纸"))], None),
]


def _capas(site_id: int) -> None:
    today = clock.today(site_id)
    requests = db.session.execute(select(ServiceRequest).where(
        ServiceRequest.site_id == site_id, ServiceRequest.consultation.is_(False),
        ServiceRequest.category == "quality").order_by(ServiceRequest.id)).scalars().all()
    used = set()
    for severity, state, nonconformity, cause, actions, tasks, review in CAPAS:
        answered = [r for r in requests if r.severity == severity and r.id not in used][:2]
        if not answered:
            continue
        used.update(r.id for r in answered)
        capa = CapaReport(site_id=site_id, severity=severity, requests=answered,
                          nonconformity=demo_text(*nonconformity),
                          root_cause=demo_text(*cause) if cause[0] else None,
                          actions=demo_text(*actions) if actions[0] else None,
                          returned_quantity=None)
        db.session.add(capa)
        db.session.flush()
        capa.tasks = [CapaTask(site_id=site_id, description=demo_text(*text),
                               owner=demo_text("Technical dept, Wang", "技术部 王工"),
                               due_on=today + datetime.timedelta(days=days),
                               done_on=today + datetime.timedelta(days=days) if done else None)
                      for days, done, text in tasks]
        db.session.flush()
        if state == "draft":
            continue
        capa.apply_transition("submit")
        if state in ("reviewed", "filed"):
            capa.apply_transition("review", demo_text(*review))
        if state == "filed":
            capa.apply_transition("file")
        db.session.flush()
