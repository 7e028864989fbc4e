"""A populated month of contracts for the demo sites: contracts in every state
(gz: with dealer-a and dealer-b as parties; hq has no dealers, its other party is
named), documents with versions (small generated PDFs), planned and paid payments,
an approved change and a claim.  Idempotent: contracts are found by number."""
from __future__ import annotations

import datetime
import decimal
import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from core import clock
from core.demo_language import demo_text
from core.extensions import db
from core.models import Dealer, Site
from core.storage import save_upload

from .models import Contract, ContractChange, ContractClaim, ContractPayment
from .models.contract_document import FILE_TYPES, ContractDocument

D = decimal.Decimal
# number, title (en, zh), parties, amount, (start, end) in days from today, steps
CONTRACTS = [
    ("01", ("Air-conditioner maintenance 2027", "2027 年度空调维保合同"), ("dealer-a",),
     D("86000.00"), (20, 385), []),
    ("02", ("Spare parts supply, first half", "上半年备件供应合同"), ("dealer-b",),
     D("128500.00"), (10, 190), ["negotiate"]),
    ("03", ("Warranty repairs for the Panyu area", "番禺片区三包维修合同"),
     ("dealer-a", "dealer-b"), D("240000.00"), (-5, 360), ["negotiate", "sign"]),
    ("04", ("Service station fit-out", "服务站装修改造合同"), ("dealer-a",),
     D("356000.00"), (-150, 10), ["negotiate", "sign", "execute"]),
    ("05", ("Technician training programme", "技术人员培训合同"), ("dealer-b",),
     D("45000.00"), (-200, 160), ["negotiate", "sign", "execute"]),
    ("06", ("Call-centre outsourcing 2025", "2025 年呼叫中心外包合同"), ("dealer-b",),
     D("98000.00"), (-700, -335), ["negotiate", "sign", "execute", "close"]),
    ("07", ("Mobile service vans lease", "流动服务车租赁合同"), ("dealer-a",),
     D("150000.00"), (-60, 300), ["negotiate", "terminate"]),
]
COUNTERPARTY = ("Pearl River Facilities Co., Ltd.", "珠江设施服务有限公司")
SCOPE = {
    "work_content": ("Maintenance, repairs and parts as listed in annex 1.",
                     "按附件一所列内容进行维护、维修和备件供应。"),
    "technical_spec": ("GB/T 18801-2022 and the manufacturer's service manual.",
                       "执行 GB/T 18801-2022 及厂家服务手册。"),
    "materials": ("Original parts only; brand and model as in annex 2.",
                  "仅使用原厂备件，品牌型号见附件二。"),
    "schedule": ("Monthly visits; urgent calls answered within 24 hours.",
                 "每月上门一次；紧急报修 24 小时内响应。"),
    "duties": ("The dealer provides the staff and tools; we provide parts and training.",
               "经销商提供人员和工具；我方提供备件和培训。"),
    "payment_terms": ("30 % on signature, 60 % by progress, 10 % after acceptance.",
                      "签约付 30%，按进度付 60%，验收后付 10%。"),
}
TERMINATION = ("The vans were bought instead.", "改为直接购置服务车。")
DOCUMENTS = [
    # contract, kind, file name (en, zh), versions
    ("03", "contract", ("contract-text.pdf", "合同正文.pdf"), 2),
    ("03", "tender", ("tender.pdf", "招标文件.pdf"), 1),
    ("04", "contract", ("contract-text.pdf", "合同正文.pdf"), 1),
    ("04", "minutes", ("kick-off-minutes.pdf", "开工会议纪要.pdf"), 1),
    ("04", "progress_report", ("progress-october.pdf", "十月进度报表.pdf"), 2),
    ("04", "change", ("change-01.pdf", "变更单-01.pdf"), 1),
    ("05", "contract", ("contract-text.pdf", "合同正文.pdf"), 1),
    ("05", "payment", ("payment-voucher.pdf", "付款凭证.pdf"), 1),
    ("06", "contract", ("contract-text.pdf", "合同正文.pdf"), 1),
    ("06", "financial_report", ("final-accounts.pdf", "决算报表.pdf"), 1),
]
# contract, description (en, zh), due in days from today, amount, paid (days, amount)
PAYMENTS = [
    ("03", ("Advance, 30 %", "预付款 30%"), -3, D("72000.00"), (-2, D("72000.00"))),
    ("03", ("Progress payment", "进度款"), 5, D("144000.00"), None),
    ("04", ("Advance, 30 %", "预付款 30%"), -140, D("106800.00"), (-138, D("106800.00"))),
    ("04", ("Progress payment 1", "第一期进度款"), -40, D("106800.00"), (-35, D("100000.00"))),
    ("04", ("Progress payment 2", "第二期进度款"), -2, D("106800.00"), None),
    ("04", ("Retention after acceptance", "验收后尾款"), 50, D("35600.00"), None),
    ("05", ("Advance, 30 %", "预付款 30%"), -190, D("13500.00"), (-190, D("13500.00"))),
    ("05", ("Second instalment", "第二期款"), 20, D("31500.00"), None),
    ("06", ("Full payment", "全款"), -400, D("98000.00"), (-398, D("98000.00"))),
]


def _text(pair) -> str:
    return demo_text(*pair)


def pdf_bytes(title: str) -> bytes:
    """A small valid one-page PDF (ASCII title; the name carries the Chinese)."""
    body = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 14 Tf 72 720 Td ({body}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def load(site_id: int) -> None:
    site = db.session.get(Site, site_id)
    today = clock.today(site_id)
    dealers = {d.code: d for d in db.session.execute(
        select(Dealer).where(Dealer.site_id == site_id)).scalars()}
    prefix = f"HT-{site.code.upper()}-"
    contracts = {}
    for key, title, parties, amount, (start, end), steps in CONTRACTS:
        number = prefix + key
        contract = db.session.execute(select(Contract).where(
            Contract.site_id == site_id, Contract.number == number)).scalar_one_or_none()
        if contract is not None:
            contracts[key] = (contract, False)
            continue
        party_dealers = [dealers[code] for code in parties if code in dealers]
        contract = Contract(
            site_id=site_id, number=number, title=_text(title), amount=amount,
            currency="CNY", party_dealers=party_dealers,
            counterparty=None if party_dealers else _text(COUNTERPARTY),
            start_date=today + datetime.timedelta(days=start),
            end_date=today + datetime.timedelta(days=end),
            signed_on=today + datetime.timedelta(days=start - 7) if "sign" in steps else None,
            **{column: _text(pair) for column, pair in SCOPE.items()})
        db.session.add(contract)
        db.session.flush()
        for step in steps:
            contract.apply_transition(step, _text(TERMINATION) if step == "terminate" else None)
            db.session.flush()
        contracts[key] = (contract, True)
    for key, kind, name, versions in DOCUMENTS:
        contract, new = contracts[key]
        if new:
            _documents(contract, kind, _text(name), versions)
    for key, description, due, amount, paid in PAYMENTS:
        contract, new = contracts[key]
        if new:
            db.session.add(ContractPayment(
                site_id=site_id, contract=contract, description=_text(description),
                due_date=today + datetime.timedelta(days=due), amount=amount,
                paid_on=today + datetime.timedelta(days=paid[0]) if paid else None,
                paid_amount=paid[1] if paid else None))
    contract, new = contracts["04"]
    if new:
        _change_and_claims(site_id, contract, prefix)
    db.session.flush()


def _documents(contract: Contract, kind: str, name: str, versions: int) -> None:
    assert name.rsplit(".", 1)[-1] in FILE_TYPES
    document = None
    for number in range(1, versions + 1):
        stored = save_upload(FileStorage(io.BytesIO(pdf_bytes(f"{contract.number} {kind} "
                                                              f"v{number}")),
                                         filename=name))
        if document is None:
            document = ContractDocument(site_id=contract.site_id, contract=contract,
                                        kind=kind, name=name)
            db.session.add(document)
        db.session.add(document.add_version(stored, None))
        db.session.flush()


def _change_and_claims(site_id: int, contract: Contract, prefix: str) -> None:
    change = ContractChange(
        site_id=site_id, contract=contract, number=prefix + "BG-01",
        description=demo_text("Extra partition walls in the waiting area; two weeks more.",
                              "客户休息区增加隔墙，工期顺延两周。"),
        amount_delta=D("18000.00"), new_end_date=contract.end_date + datetime.timedelta(days=14))
    db.session.add(change)
    db.session.flush()
    change.apply_transition("submit")
    db.session.flush()
    change.apply_transition("approve")
    db.session.flush()
    pending = ContractChange(
        site_id=site_id, contract=contract, number=prefix + "BG-02",
        description=demo_text("Floor tiles of a better grade.", "地砖升级为更高等级。"),
        amount_delta=D("6500.00"))
    db.session.add(pending)
    db.session.flush()
    pending.apply_transition("submit")
    claim = ContractClaim(
        site_id=site_id, contract=contract, number=prefix + "SP-01", claimant="ours",
        description=demo_text("Eight days late on the ceiling work; liquidated damages.",
                              "吊顶工程延误 8 天，按合同索赔违约金。"),
        amount_claimed=D("8000.00"))
    db.session.add(claim)
    db.session.flush()
    claim.apply_transition("submit")
    db.session.flush()
    claim.amount_approved = D("6000.00")
    claim.apply_transition("approve")
    db.session.flush()
