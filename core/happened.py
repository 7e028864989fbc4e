"""Facts refuse the future: a column saying when something happened (a 6S violation
observed, a technician's arrival, a record handed in) cannot be later than now.

A model declares such a column, and the host checks it on every write path —
pages, REST, transitions, jobs, commands — in one mapper hook::

    from core.happened import happened

    class Inspection(SiteScoped, Model):
        inspected_at = happened(DateTime, nullable=False, default=utcnow)
        handed_in_on = happened(Date)

A time may be ahead of the server's clock by the site's ``core.clock_skew_minutes``
(phones and tablets drift; default 5); a date may not be later than the site's own
today (in its time zone) at that moment.  A refusal is :class:`FutureRefused`, an
``InvalidInput``: 422 with a message for the field in the API, a message on pages.
"""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_appbuilder import Model
from flask_babel import gettext as _
from sqlalchemy import Column, event, inspect, select

from core import settings
from core.localtime import as_utc, to_local
from core.models import Site, utcnow
from core.scope import current_scope
from core.workflow import InvalidInput

HAPPENED = "happened"
SKEW_SETTING = "core.clock_skew_minutes"


def happened(*args, **kwargs) -> Column:
    """A ``Column`` holding when something happened: never in the future."""
    info = dict(kwargs.pop("info", None) or {})
    info[HAPPENED] = True
    return Column(*args, info=info, **kwargs)


class FutureRefused(InvalidInput):
    """A fact dated in the future (HTTP 422); ``str()`` is the sentence, for pages."""

    def __str__(self) -> str:
        return " ".join(message for messages in self.messages.values()
                        for message in messages)


_COLUMNS: dict = {}


def happened_columns(mapper) -> list:
    if mapper not in _COLUMNS:
        _COLUMNS[mapper] = [column for column in mapper.columns
                            if column.info.get(HAPPENED)]
    return _COLUMNS[mapper]


@event.listens_for(Model, "before_insert", propagate=True)
@event.listens_for(Model, "before_update", propagate=True)
def _refuse_the_future(mapper, connection, target) -> None:
    problems = future_problems(target, connection)
    if problems:
        raise FutureRefused(problems)


def future_problems(target, connection) -> dict:
    """``{field: [message]}`` for each declared fact of ``target`` dated in the
    future (``core.validation`` gathers them with the model's own checks, so the
    future is named even when another check refuses the row too)."""
    mapper = inspect(type(target))
    columns = happened_columns(mapper)
    if not columns:
        return {}
    state = inspect(target)
    site_id = getattr(target, "site_id", None)
    if site_id is None:  # not stamped yet: the scope's hook may run after this one
        scope = current_scope()
        site_id = scope.site_id if scope is not None else None
    latest = None
    problems = {}
    for column in columns:
        key = mapper.get_property_by_column(column).key
        if state.persistent and not state.attrs[key].history.has_changes():
            continue
        value = getattr(target, key)
        if value is None:
            continue
        if latest is None:
            latest = utcnow() + datetime.timedelta(minutes=_skew_minutes(connection, site_id))
        if isinstance(value, datetime.datetime):
            future = as_utc(value) > latest
        elif isinstance(value, datetime.date):
            future = value > to_local(latest, _zone(connection, site_id)).date()
        else:
            continue
        if future:
            problems[key] = [_("%(value)s is in the future: it cannot have happened yet.",
                               value=_shown(value))]
    return problems


def _shown(value) -> str:
    if isinstance(value, datetime.datetime):
        return as_utc(value).isoformat(" ", "minutes") + " UTC"
    return value.isoformat()


def _skew_minutes(connection, site_id) -> int:
    """The site's allowance, read with the flush's own connection (no ORM query may
    run in the middle of a flush)."""
    declared = settings.declared().get(SKEW_SETTING, 5)
    # a bare default, or a typed declaration {"type": "int", "default": 5}
    default = declared["default"] if isinstance(declared, dict) else declared
    if site_id is None:
        return default
    table = settings.SiteSetting.__table__
    stored = connection.execute(select(table.c.value).where(
        table.c.site_id == site_id, table.c.key == SKEW_SETTING)).scalar()
    return default if stored is None else int(stored)


def _zone(connection, site_id) -> ZoneInfo:
    name = None
    if site_id is not None:
        table = Site.__table__
        name = connection.execute(select(table.c.timezone).where(
            table.c.id == site_id)).scalar()
    return ZoneInfo(name or current_app.config["DEFAULT_SITE_TIMEZONE"])
