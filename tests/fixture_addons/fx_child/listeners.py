from core.extensions import db

from .models import FxEcho


def on_note_created(site_id, note_id):
    db.session.add(FxEcho(site_id=site_id, note_id=note_id))
