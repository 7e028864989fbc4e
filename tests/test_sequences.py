"""Numbers from core.sequences: one each, also for transactions at the same moment."""
import threading

from core import sequences
from core.extensions import db

from .fixtures import as_system


def test_a_sequence_starts_after_the_last_number_used_and_counts_up(app):
    with as_system(app):
        assert sequences.next_value("test:start", lambda: 41) == 42
        assert sequences.next_value("test:start", lambda: 1 / 0) == 43  # asked once only
        db.session.rollback()
        # the rolled-back transaction gave its numbers back
        assert sequences.next_value("test:start", lambda: 6) == 7
        db.session.commit()


def test_two_transactions_at_the_same_moment_get_two_numbers(app):
    """The first holds its number uncommitted while the second asks: the second
    waits for it, then takes the next one (a read of the largest number would have
    given both the same)."""
    first_asked, values, errors = threading.Event(), {}, []

    def take(who, wait_for=None):
        try:
            with as_system(app):
                if wait_for is not None:
                    wait_for.wait(10)
                values[who] = sequences.next_value("test:race", lambda: 0)
                if who == "first":
                    first_asked.set()
                    threading.Event().wait(0.5)  # still uncommitted while the second asks
                db.session.commit()
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=take, args=("first",)),
               threading.Thread(target=take, args=("second", first_asked))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert values == {"first": 1, "second": 2}
