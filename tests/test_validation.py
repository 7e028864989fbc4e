"""The host's work on every write (``core.validation``) that a model only declares."""
from core import sites
from core.extensions import db
from core.models import Dealer

from .fixtures import as_system


def test_a_row_part_of_another_takes_its_site_and_dealer(app, monkeypatch):
    """``__parent__`` alone (no ``_derive``, no check): a new row given only its
    parent's id takes the parent's site and dealer at flush, and keeps what it has."""
    from fx_base.models import FxNote, FxTicket

    from core.validation import check

    monkeypatch.setattr(FxTicket, "__parent__", "note")
    with as_system(app):
        gz = sites.get_site("gz").id
        dealer_a = db.session.query(Dealer).filter_by(code="dealer-a").one().id
        dealers_note = FxNote(site_id=gz, dealer_id=dealer_a, text="note of a part")
        staff_note = FxNote(site_id=gz, text="note of the staff with a part")
        db.session.add_all([dealers_note, staff_note])
        db.session.flush()
        part = FxTicket(title="part of a dealer's note", amount=1, note_id=dealers_note.id)
        own = FxTicket(title="a dealer's part of a staff note", amount=1,
                       dealer_id=dealer_a, note_id=staff_note.id)
        check(own)  # a page checks its row before adding it: the row takes them too
        assert (own.site_id, own.dealer_id) == (gz, dealer_a)
        db.session.add_all([part, own])
        db.session.flush()
        assert (part.site_id, part.dealer_id) == (gz, dealer_a)
        assert db.session.query(FxTicket.site_id, FxTicket.dealer_id).filter_by(
            id=own.id).one() == (gz, dealer_a)
        db.session.rollback()
