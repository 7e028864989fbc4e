"""The addon's Chinese catalogue: menus, rule texts and messages in Chinese."""
from tests.fixtures import compile_catalogue, in_chinese, login

from .helpers import make_site


def test_sixs_messages_are_translated_to_chinese(app):
    compile_catalogue(app, __file__)
    with in_chinese(app):
        from flask_babel import gettext

        assert gettext("6S score") == "6S 评分"
        assert gettext("The 6S month %(month)s is closed; its violations can no longer "
                       "change.", month="2026-11") == "6S 月份 2026-11 已结算，其违规记录不能再更改。"


def test_sixs_pages_speak_chinese(app, client):
    compile_catalogue(app, __file__)
    site = make_site(app)
    login(client, f"{site.code}-manager")
    client.get("/lang/zh_CN")
    score = client.get("/sixs_score/?month=2021-10").get_data(as_text=True)
    assert "6S 月度评分" in score and "按 S 分类的扣分" in score
    checklist = client.get("/sixschecklistitemview/list/?psize_SixsChecklistItemView=200")
    html = checklist.get_data(as_text=True)
    assert "确保只有不超过允许的重量(5500KG)" in html  # the rule text in Chinese
    assert "车间" in html and "整理 (Seiri)" in html
    client.get("/lang/en")
    english = client.get("/sixschecklistitemview/list/?psize_SixsChecklistItemView=200")
    assert "5,500 kg" in english.get_data(as_text=True)
