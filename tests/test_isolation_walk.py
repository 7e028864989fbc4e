"""The isolation walk: every registered endpoint, as a dealer against another
dealer's rows and as a site user against another site's rows, finds no leak.

It knows no model by name: every mapped model that is site-scoped (and the
users and sites themselves) is walked, so each real addon is covered as it lands.
For each URL rule it fills ``<pk>`` with ids of rows outside the actor's scope and
the other arguments with every value that makes sense (actions, transitions…),
then checks that

* nothing answers 500;
* a foreign row is never answered with a 2xx;
* lists, ``_info`` related choices and form drop-downs name no foreign id;
* afterwards every foreign row is byte-for-byte as it was, and none was added.
"""
from __future__ import annotations

import io
import re

import pytest
from flask_appbuilder import Model
from sqlalchemy import create_engine, func, select

from core import sites
from core.extensions import db
from core.mixins import DealerScoped, SiteScoped
from core.models import Dealer, ErpUser, Site

from .fixtures import api_token, as_system, in_one_pass, login

pytestmark = in_one_pass

SKIPPED_ENDPOINTS = {
    "static", "appbuilder.static",
    "AuthDBView.login", "AuthDBView.logout", "SecurityApi.login", "SecurityApi.refresh",
    "LocaleView.index", "ResetMyPasswordView.this_form_post",
    "UserInfoEditView.this_form_post", "UtilView.back",
}
SAFE_STATUS = {302, 400, 401, 403, 404, 405, 409, 413, 415, 422}


def scoped_models():
    models = {Site, ErpUser}
    for mapper in Model.registry.mappers:
        if issubclass(mapper.class_, SiteScoped):
            models.add(mapper.class_)
    return models


def foreign_clause(model, actor):
    """SQL condition for the rows of ``model`` the actor must never reach."""
    if model is Site:
        return model.id != actor["site_id"]
    if model is ErpUser:
        clause = (model.site_id != actor["site_id"]) | model.site_id.is_(None)
        if actor["dealer_id"] is not None:  # another dealer's people are foreign too
            clause = clause | (model.dealer_id != actor["dealer_id"])
        return clause
    clause = model.site_id != actor["site_id"]
    if actor["dealer_id"] is not None:
        if issubclass(model, DealerScoped):
            clause = clause | (model.dealer_id != actor["dealer_id"]) | \
                model.dealer_id.is_(None)
        if model is Dealer:
            clause = clause | (model.id != actor["dealer_id"])
    return clause


def snapshot(engine, actor) -> dict:
    """Every foreign row, as stored, read with plain SQL (no scoping involved)."""
    rows = {}
    with engine.connect() as connection:
        for model in scoped_models():
            table = model.__table__
            for row in connection.execute(
                    select(table).where(foreign_clause(model, actor))).mappings():
                rows[(table.name, row["id"])] = dict(row)
    return rows


def foreign_ids(engine, actor) -> dict:
    ids = {}
    with engine.connect() as connection:
        for model in scoped_models():
            ids[model] = set(connection.execute(
                select(model.__table__.c.id).where(foreign_clause(model, actor))).scalars())
    return ids


@pytest.fixture(scope="module")
def walk_rows(app):
    """Rows on both sides of every boundary: hq, dealer-b and gz staff."""
    from fx_base.models import FxAttachment, FxNote, FxTicket

    from core.storage import get_storage, StoredFile

    with as_system(app):
        hq, gz = sites.get_site("hq"), sites.get_site("gz")
        hq_id = hq.id
        was_enabled = "fx_base" in sites.enabled_addons(hq_id)
        sites.enable(hq, "fx_base")
        if not db.session.scalar(select(func.count()).select_from(Dealer)
                                 .where(Dealer.site_id == hq.id)):
            db.session.add(Dealer(site_id=hq.id, code="hq-dealer", name="HQ dealer"))
        db.session.flush()
        dealers = {d.code: d for d in db.session.query(Dealer).all()}
        for site, dealer in ((hq, dealers["hq-dealer"]), (gz, dealers["dealer-b"]),
                             (gz, dealers["dealer-a"]), (gz, None)):
            note = FxNote(site_id=site.id, dealer_id=dealer.id if dealer else None,
                          text=f"walk {site.code} {dealer.code if dealer else 'staff'}")
            db.session.add(note)
            db.session.flush()
            db.session.add(FxTicket(site_id=site.id, dealer_id=note.dealer_id,
                                    title=f"walk {note.text}", amount=5, note_id=note.id))
            content = f"%PDF-1.4 {note.text}".encode()
            file = FxAttachment(site_id=site.id, dealer_id=note.dealer_id, title=note.text)
            file.set_file(StoredFile(key=get_storage().save(io.BytesIO(content)),
                                     original_name="walk.pdf", size=len(content),
                                     sha256="0" * 64, content_type="application/pdf"))
            db.session.add(file)
        db.session.commit()
    yield
    with as_system(app):
        if not was_enabled:
            for name in ("fx_child", "fx_base"):
                if name in sites.enabled_addons(hq_id):
                    sites.disable(sites.get_site("hq"), name)
            db.session.commit()


def view_by_blueprint(app) -> dict:
    return {view.blueprint.name: view for view in app.appbuilder.baseviews
            if getattr(view, "blueprint", None) is not None}


def argument_values(rule, view, model, ids, actor) -> list[dict]:
    """Every combination of URL arguments worth trying for ``rule``."""
    combos = [{}]

    def expand(name, values):
        nonlocal combos
        combos = [dict(combo, **{name: value}) for combo in combos for value in values]

    for argument in sorted(rule.arguments):
        if argument == "pk":
            if model not in ids:
                return []  # unscoped (security) rows: nothing to leak, too much to break
            foreign = sorted(ids[model])[:3]
            if not foreign:
                return []
            expand("pk", foreign)
        elif argument == "action" and rule.endpoint.endswith(".switch"):
            expand("action", ["enable", "disable"])
        elif argument == "action":
            names = list(getattr(model, "transitions", dict)()) + ["no_such_action"]
            expand("action", names)
        elif argument == "name":
            expand("name", list(getattr(view, "actions", {}) or {}) or ["no_such_action"])
        elif argument == "site_code":
            expand("site_code", [actor["foreign_site_code"]])
        elif argument == "addon":
            expand("addon", ["fx_base", "fx_child"])
        elif argument == "filename":
            expand("filename", ["x.pdf"])
        elif argument == "version":
            expand("version", ["v1"])
        elif argument == "group_by":
            expand("group_by", ["0", "username"])
        else:
            return []
    return combos


def body_for(view, method, ids, actor, as_form: bool) -> dict:
    """Values for the view's own add/edit columns that point outside the actor's
    scope wherever a column can: the write guards, not the schema, must refuse."""
    columns = getattr(view, "add_columns" if method == "POST" else "edit_columns", None)
    datamodel = getattr(view, "datamodel", None)
    if not columns or datamodel is None:
        return {}
    body = {}
    for name in columns:
        target = related_model(view, name)
        if name == "site_id" or target is Site:
            value = actor["foreign_site_id"]
        elif name == "dealer_id" or target is Dealer:
            value = actor["foreign_dealer_id"]
        elif target is not None:
            foreign = sorted(ids.get(target, ()))
            if not foreign:
                continue
            value = foreign[0]
            if datamodel.is_relation_many_to_many(name) or \
                    datamodel.is_relation_one_to_many(name):
                value = [value]
        else:
            column = datamodel.obj.__table__.c.get(name)
            if column is None:
                continue
            python_type = column.type.python_type if hasattr(column.type, "python_type") \
                else str
            value = {int: 1, bool: False, float: 1.5}.get(python_type, "walked")
            if name == "password" or name == "conf_password":
                value = "Walked-passw0rd!"
        body[name] = str(value) if as_form and not isinstance(value, list) else value
    return body


def ids_in_html(body: str, view) -> set[int]:
    route = getattr(view, "route_base", "")
    return {int(n) for n in re.findall(re.escape(route) + r"/(?:show|edit|delete)/(\d+)", body)}


def select_options(body: str) -> dict[str, set[int]]:
    options = {}
    for name, inner in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', body, re.S):
        options[name] = {int(v) for v in re.findall(r'<option[^>]*value="(\d+)"', inner)}
    return options


def related_model(view, column):
    try:
        return view.datamodel.get_related_model(column)
    except Exception:  # not a relationship
        return None


def check_listing(response, view, model, ids, problems, url):
    if not (response.is_json or response.mimetype.startswith("text/")):
        return  # a download (an XLSX report): no ids or drop-downs to read
    body = response.get_data(as_text=True)
    if response.is_json:
        data = response.get_json(silent=True) or {}
        leaked = set(data.get("ids") or []) & ids.get(model, set())
        if leaked:
            problems.append(f"{url}: lists foreign ids {sorted(leaked)}")
        for key in ("add_columns", "edit_columns"):
            for column in data.get(key) or []:
                target = related_model(view, column.get("name"))
                values = {v.get("id") for v in column.get("values") or []}
                leaked = values & ids.get(target, set())
                if leaked:
                    problems.append(f"{url}: {key} {column['name']} offers {sorted(leaked)}")
        return
    if model is not None:
        leaked = ids_in_html(body, view) & ids.get(model, set())
        if leaked:
            problems.append(f"{url}: links foreign rows {sorted(leaked)}")
    for name, values in select_options(body).items():
        target = related_model(view, name) if hasattr(view, "datamodel") else None
        leaked = values & ids.get(target, set())
        if leaked:
            problems.append(f"{url}: drop-down {name} offers {sorted(leaked)}")


def walk(app, client, headers, actor) -> list[str]:
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    before = snapshot(engine, actor)
    ids = foreign_ids(engine, actor)
    views = view_by_blueprint(app)
    problems = []
    requests = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        view = views.get(rule.endpoint.split(".")[0])
        model = getattr(getattr(view, "datamodel", None), "obj", None)
        for values in argument_values(rule, view, model, ids, actor):
            url = rule.build(values, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                is_api = url.startswith("/api/")
                kwargs = {"headers": headers} if is_api else {}
                if method in ("POST", "PUT"):
                    if is_api:
                        kwargs["json"] = body_for(view, method, ids, actor, as_form=False)
                    else:
                        data = body_for(view, "POST" if "pk" not in values else "PUT",
                                        ids, actor, as_form=True)
                        data.update(action=values.get("name", ""),
                                    rowid=[str(i) for i in sorted(ids.get(model, ()))[:3]])
                        kwargs["data"] = data
                if url.endswith("/form"):
                    url_with_pk = url + "?pk=" + str(min(ids[ErpUser]))
                else:
                    url_with_pk = url
                response = client.open(url_with_pk, method=method, **kwargs)
                requests += 1
                where = f"{method} {url_with_pk}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif "pk" in values and response.status_code not in SAFE_STATUS:
                    problems.append(f"{where}: {response.status_code} for a foreign row")
                elif method == "GET" and response.status_code == 200:
                    check_listing(response, view, model, ids, problems, where)
    after = snapshot(engine, actor)
    engine.dispose()
    changed = [key for key in before if before[key] != after.get(key)]
    added = sorted(set(after) - set(before))
    if changed:
        problems.append(f"foreign rows changed or deleted: {changed}")
    if added:
        problems.append(f"rows added outside the actor's scope: {added}")
    assert requests > 200, "the walk visited too few endpoints to mean anything"
    return problems


def actor_of(app, username, foreign_site_code, foreign_dealer_code):
    with as_system(app):
        user = db.session.execute(select(ErpUser).filter_by(username=username)).scalar_one()
        foreign_site = sites.get_site(foreign_site_code)
        dealer = db.session.execute(select(Dealer).filter_by(code=foreign_dealer_code)) \
            .scalar_one()
        return {"site_id": user.site_id, "dealer_id": user.dealer_id,
                "foreign_site_id": foreign_site.id, "foreign_site_code": foreign_site.code,
                "foreign_dealer_id": dealer.id}


@pytest.mark.usefixtures("walk_rows", "restore_switches")
def test_dealer_a_reaches_nothing_of_dealer_b(app):
    client = app.test_client()
    headers = api_token(client, "dealer-a")
    login(client, "dealer-a")
    actor = actor_of(app, "dealer-a", "hq", "dealer-b")
    problems = walk(app, client, headers, actor)
    assert problems == []
    assert client.get("/users/userinfo/").status_code == 200  # still logged in


@pytest.mark.usefixtures("walk_rows", "restore_switches")
def test_gz_user_reaches_nothing_of_hq(app):
    """gz-root holds every permission, so every endpoint is walked in depth."""
    client = app.test_client()
    headers = api_token(client, "gz-root", "root")
    login(client, "gz-root", "root")
    actor = actor_of(app, "gz-root", "hq", "hq-dealer")
    problems = walk(app, client, headers, actor)
    assert problems == []
    assert client.get("/users/userinfo/").status_code == 200


def test_walk_covers_every_api_path_of_the_openapi_spec(app):
    client = app.test_client()
    spec = client.get("/api/v1/_openapi", headers=api_token(client, "admin", "admin")).json
    rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()}
    missing = [path for path in spec["paths"] if path not in rules]
    assert missing == []
    assert "/api/v1/fx_ticket/{pk}/{action}" in spec["paths"]
