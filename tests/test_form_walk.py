"""The form walk (issue 10): every add and edit form of every ``ErpModelView``, filled in
headless Chromium the way a person does, in Chinese, as a role the access rules allow.

Like the isolation walk it knows no view by name, so each addon is covered the day it
lands.  For each form it types into the boxes, picks from the selects, ticks the boxes
and clicks Save — never a script setting values or submitting — then checks the
success message and the stored row.  An add is walked twice: every field filled, then
only the required ones (each optional field is left empty once).  An edit changes
every field of the row the add stored (or of the first row the list offers).

The values come from the field types and the choices the form offers: text with a
number that keeps it unique, 1 and 2 for counts, yesterday for dates and times (in the
site's zone), the first offered choice (the second on an edit).  A view whose model
needs a value the walk cannot guess declares it::

    form_examples = {"code": "R-{n}",          # typed, {n} keeps it unique
                     "week_start": a_monday,   # a callable(n) giving the text
                     "kind": "item",           # a select: the option of that value
                     "checklist_item": ...,    # chosen in every pass (the first offered)
                     "amount": ""}             # left empty in every pass

A field with an example is filled (or left empty) in every pass.  A form the walk
cannot use at all says why in ``form_walk_skip = {"add": reason}``; the walk prints it.
"""
from __future__ import annotations

import datetime
import decimal
import itertools
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select
from wtforms import BooleanField, DateField, DecimalField, FloatField, IntegerField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from core import sites
from core.base import ErpModelView
from core.extensions import db
from core.forms import LocalDateTimeField, RelationSelectField
from core.models import ErpUser, Site
from core.roles import wanted_permissions
from flask_appbuilder.fields import QuerySelectMultipleField

from .browser_support import browser, chromium, needs_browser, server  # noqa: F401
from .fixtures import as_system

pytestmark = needs_browser

SAVED = {"add": "记录已添加", "edit": "记录已更新"}  # FAB's "Added Row", "Changed Row"


# --- what to walk ---------------------------------------------------------------------
def walk_plan(app) -> list[tuple]:
    """(view, mode, username) for every add and edit form a role may use; the user is
    one of the demo users holding that role on the site with the most addons."""
    wanted = wanted_permissions(app)
    with as_system(app):
        users = []
        for user in db.session.execute(select(ErpUser).where(
                ErpUser.site_id.isnot(None), ErpUser.active.is_(True))).scalars():
            enabled = len(sites.enabled_addons(user.site_id))
            users.append((-enabled, user.username, {role.name for role in user.roles}))
        users.sort()
    plan = []
    for view in app.appbuilder.baseviews:
        if not isinstance(view, ErpModelView):
            continue
        for mode, columns in (("add", view.add_columns), ("edit", view.edit_columns)):
            permission = f"can_{mode}"
            if permission not in view.base_permissions or not columns:
                continue
            roles = {role for role, pairs in wanted.items()
                     if (permission, view.class_permission_name) in pairs}
            username = next((name for _rank, name, held in users if held & roles), None)
            if username is not None:
                plan.append((view, mode, username))
    return plan


# --- what to type -----------------------------------------------------------------------
class Values:
    """Valid values derived from the field types (and the view's examples)."""

    def __init__(self, zone: ZoneInfo):
        self.numbers = itertools.count(1)
        now = datetime.datetime.now(datetime.timezone.utc).astimezone(zone)
        self.day = (now - datetime.timedelta(days=1)).date()

    def text(self, view, name, edit: bool) -> str:
        text = f"走查{next(self.numbers)}{'改' if edit else ''}"
        limit = view.datamodel.get_max_length(name)
        return text[-limit:] if limit and limit > 0 else text

    def example(self, view, name):
        example = view.form_examples.get(name)
        if example is None or example is Ellipsis:
            return example
        if callable(example):
            return str(example(next(self.numbers)))
        return example.format(n=next(self.numbers))


def field_kind(unbound) -> str:
    cls = unbound.field_class
    for kind, classes in (
            ("multi", (QuerySelectMultipleField,)),
            ("select", (RelationSelectField, SelectField)),
            ("check", (BooleanField,)),
            ("datetime", (LocalDateTimeField,)),
            ("date", (DateField,)),
            ("integer", (IntegerField,)),
            ("decimal", (DecimalField, FloatField)),
            ("text", (StringField, TextAreaField))):
        if issubclass(cls, classes):
            return kind
    return cls.__name__


def is_required(unbound) -> bool:
    if issubclass(unbound.field_class, RelationSelectField):
        return not unbound.kwargs.get("allow_blank", False)
    return any(isinstance(v, (DataRequired, InputRequired))
               for v in unbound.kwargs.get("validators") or ())


def fill_form(browser, view, mode, values: Values, everything: bool) -> dict:
    """Fill the open form; returns {column: (kind, what was typed or picked)}.  Selects
    take another offered choice per field and per pass, so that two people of one
    form differ and a second add is no duplicate of the first."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    form_class = view.add_form if mode == "add" else view.edit_form
    columns = view.add_columns if mode == "add" else view.edit_columns
    edit = mode == "edit"
    filled = {}
    turn = 2 if edit else (0 if everything else 1)
    for position, name in enumerate(columns):
        unbound = getattr(form_class, name, None)
        if unbound is None or not browser.driver.find_elements(By.ID, name):
            continue
        kind, required = field_kind(unbound), is_required(unbound)
        element = browser.driver.find_element(By.ID, name)
        example = values.example(view, name)
        if example == "" or (not everything and not required and example is None):
            if kind == "check" and element.is_selected():
                element.click()
            elif kind == "select":
                browser.pick(element, value="")
            elif kind in ("text", "integer", "decimal", "date", "datetime"):
                browser.type(element, "")
                element.send_keys(Keys.TAB)
            continue
        if kind == "check":
            if edit or not element.is_selected():
                element.click()
            filled[name] = (kind, element.is_selected())
        elif kind == "select":
            offered = [option.get_attribute("value") for option in Select(element).options
                       if option.get_attribute("value") and option.is_enabled()]
            if not offered:
                raise AssertionError(f"{name}: the form offers no choice")
            if example is Ellipsis:
                value = offered[0]
            elif example is not None:
                value = example
            else:
                value = offered[(turn + position) % len(offered)]
            browser.pick(element, value=value)
            filled[name] = (kind, value)
        elif kind == "multi":
            if required:
                raise AssertionError(f"{name}: a required multiple choice")
            continue
        else:
            if example not in (None, Ellipsis):
                text = example
            elif kind == "integer":
                text = "2" if edit else "1"
            elif kind == "decimal":
                text = "13.75" if edit else "12.50"
            elif kind == "date":
                text = values.day.isoformat()
            elif kind == "datetime":
                text = f"{values.day.isoformat()} {'10:15' if edit else '09:30'}"
            elif kind == "text":
                text = values.text(view, name, edit)
            else:
                raise AssertionError(f"{name}: the walk cannot fill a {kind}")
            browser.type(element, text)
            element.send_keys(Keys.TAB)  # closes a date picker, as a person moves on
            filled[name] = (kind, text)
    return filled


# --- what must be stored ------------------------------------------------------------------
def stored_differences(app, view, row_id, filled, zone) -> list[str]:
    datamodel = view.datamodel
    problems = []
    with as_system(app):
        row = db.session.get(datamodel.obj, row_id)
        if row is None:
            return [f"row {row_id} is not stored"]
        for name, (kind, typed) in filled.items():
            stored = getattr(row, name)
            if kind == "select":
                if datamodel.is_relation(name):
                    stored = None if stored is None else datamodel.get_related_interface(
                        name).get_pk_value(stored)
                expected = typed
                stored = "" if stored is None else str(stored)
            elif kind == "check":
                expected = typed
            elif kind == "integer":
                expected = int(typed)
            elif kind == "decimal":
                expected, stored = decimal.Decimal(typed), decimal.Decimal(str(stored))
            elif kind == "date":
                expected = datetime.date.fromisoformat(typed)
            elif kind == "datetime":
                local = datetime.datetime.strptime(typed, "%Y-%m-%d %H:%M")
                expected = local.replace(tzinfo=zone).astimezone(
                    datetime.timezone.utc).replace(tzinfo=None)
            else:
                expected = typed
            if stored != expected:
                problems.append(f"{name}: typed {typed!r}, stored {stored!r}")
    return problems


def page_errors(browser) -> str:
    from selenium.webdriver.common.by import By

    texts = [element.text.strip() for element in browser.driver.find_elements(
        By.CSS_SELECTOR, ".alert-danger, .alert-warning")]
    return " | ".join(text for text in texts if text) or browser.driver.title


def save(browser, mode) -> int | None:
    """Click Save; the id of the record landed on, or None when the form came back."""
    from selenium.webdriver.common.by import By

    from selenium.common.exceptions import TimeoutException

    before = browser.driver.current_url
    browser.driver.find_element(
        By.XPATH, "//form[@id='model_form']//button[@type='submit']").click()
    try:
        browser.wait_for(lambda page: browser.driver.current_url != before or
                         "alert-danger" in page, "the form to be saved or refused", 30)
    except TimeoutException:
        invalid = [element.get_attribute("name") for element in
                   browser.driver.find_elements(By.CSS_SELECTOR, "#model_form :invalid")]
        raise AssertionError(f"the browser keeps the form: invalid {invalid}") from None
    landed = re.search(r"/show/(\d+)", browser.driver.current_url)
    if landed and SAVED[mode] in browser.page:
        return int(landed.group(1))
    return None


def walk(app, browser, plan, zones, failures, stored_ids, edited_rows) -> int:
    """Fill and save every form of the plan; returns how many were saved."""
    from selenium.webdriver.common.by import By

    walked, logged_in = 0, None
    for view, mode, username in sorted(plan, key=lambda step: (step[2], step[1] != "add",
                                                              type(step[0]).__name__)):
        if logged_in != username:
            browser.login(username, chinese=True)
            logged_in = username
        zone = zones[username]
        values = Values(zone)
        name = f"{type(view).__name__} {mode} as {username}"
        skip = getattr(view, "form_walk_skip", {}).get(mode)
        if skip:
            print(f"\nform walk: {name} skipped: {skip}")
            continue
        passes = [True, False] if mode == "add" else [True]
        for everything in passes:
            if mode == "add":
                browser.open(f"{view.route_base}/add")
            else:
                row_id = stored_ids.get(type(view))
                if row_id is not None:
                    browser.open(f"{view.route_base}/edit/{row_id}")
                else:
                    browser.open(f"{view.route_base}/list/")
                    links = browser.driver.find_elements(
                        By.XPATH, f"//a[contains(@href, '{view.route_base}/edit/')]")
                    if not links:
                        failures.append(f"{name}: the list offers no row to edit")
                        continue
                    found = re.search(r"/edit/(\d+)", links[0].get_attribute("href"))
                    edited_rows.append(snapshot(app, view, int(found.group(1))))
                    links[0].click()
            if not browser.driver.find_elements(By.ID, "model_form"):
                failures.append(f"{name}: no form at {browser.driver.current_url}: "
                                f"{page_errors(browser)}")
                continue
            try:
                filled = fill_form(browser, view, mode, values, everything)
            except AssertionError as error:
                failures.append(f"{name}: {error}")
                continue
            try:
                row_id = save(browser, mode)
            except AssertionError as error:
                failures.append(f"{name}: {error}")
                continue
            walked += 1
            label = "every field" if everything else "required fields only"
            if row_id is None:
                failures.append(f"{name} ({label}): not saved: {page_errors(browser)}")
                continue
            if mode == "add" and everything:
                stored_ids[type(view)] = row_id
            failures += [f"{name} ({label}): {problem}" for problem in
                         stored_differences(app, view, row_id, filled, zone)]
    return walked


def snapshot(app, view, row_id):
    """(model, id, its column values) of a row the walk is about to edit."""
    model = view.datamodel.obj
    with as_system(app):
        row = db.session.get(model, row_id)
        return model, row_id, {column.key: getattr(row, column.key)
                               for column in model.__mapper__.column_attrs}


def restore(app, edited_rows) -> None:
    """Put the rows the walk edited but did not add back as they were (first
    snapshot wins), so that the tests after it see the demo data they expect."""
    with as_system(app):
        for model, row_id, values in reversed(edited_rows):
            row = db.session.get(model, row_id)
            for key, value in values.items():
                if key != "version":
                    setattr(row, key, value)
            db.session.commit()


def test_form_walk_fills_and_saves_every_form_of_every_view(app, browser):
    plan = walk_plan(app)
    assert len(plan) >= 15
    browser.driver.implicitly_wait(0)  # absent fields are normal here: no waiting for them
    with as_system(app):
        zones = {user.username: ZoneInfo(db.session.get(Site, user.site_id).timezone)
                 for user in db.session.execute(select(ErpUser).where(
                     ErpUser.site_id.isnot(None))).scalars()}
    failures, stored_ids = [], {}
    edited_rows = []  # rows the walk did not add: put back as they were when it ends
    walked = 0
    try:
        walked = walk(app, browser, plan, zones, failures, stored_ids, edited_rows)
    finally:
        restore(app, edited_rows)
    print(f"\nform walk: {walked} forms filled and saved in "
          f"{len({type(view) for view, _m, _u in plan})} views")
    assert failures == [], "\n".join(failures)
