from core.extensions import db

from .models import FxNote


def stamp_notes(site_id, period):
    """Leaves one note per run, so a test can count how often the work was done."""
    db.session.add(FxNote(site_id=site_id, text=f"stamp {period}"))
