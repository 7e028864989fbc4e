from core.extensions import db

from .models import FxEcho


def on_note_created(site_id, note_id):
    db.session.add(FxEcho(site_id=site_id, note_id=note_id))


def monthly_figures(site_id, first_day, last_day):
    """The fixture's contribution to the monthly report: the echoes of the site."""
    from sqlalchemy import func, select

    from core.reports import Figure

    echoes = db.session.scalar(select(func.count(FxEcho.id)).where(FxEcho.site_id == site_id))
    return [Figure("fx_child.echoes", "Echoes", echoes)]
