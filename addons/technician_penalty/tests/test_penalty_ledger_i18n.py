"""The addon ships its Chinese catalogue: menus, sanctions and refusals."""
from tests.fixtures import api_token, compile_catalogue, in_chinese


def test_penalty_ledger_texts_come_out_in_chinese(app):
    compile_catalogue(app, __file__)
    with in_chinese(app):
        from flask_babel import gettext

        assert gettext("Penalty ledger") == "奖惩台账"
        assert gettext("The appeal period of %(days)s days after HR's decision ended on "
                       "%(date)s.", days=7, date="2026-11-10") == \
            "人事决定后 7 天的申诉期已于 2026-11-10 结束。"
        from addons.technician_penalty.models.penalty_rule import describe_sanction

        assert describe_sanction("fine", "50.00", 1) == "罚款 50.00 元"
        assert describe_sanction("major_demerit", "0.00", 1) == "记大过 ×1"


def test_penalty_ledger_refusal_in_chinese_through_the_api(app, client):
    compile_catalogue(app, __file__)
    response = client.get("/api/v1/penalty_ledger/?month=2026-13&_l_=zh_CN",
                          headers=api_token(client, "gz-hr"))
    assert response.status_code == 422
    assert response.json["message"]["month"] == ["请按 YYYY-MM 填写月份，例如 2026-11。"]
