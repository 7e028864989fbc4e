from sqlalchemy import select

from core.extensions import db

from .models import FxNote


def load(site_id):
    exists = db.session.execute(
        select(FxNote).filter_by(site_id=site_id, text="demo note")).first()
    if not exists:
        db.session.add(FxNote(site_id=site_id, text="demo note"))
