"""What the benchmarks that time the ERP against hand-written code share: the app
they build, the statistics the planner needs, and the alternated, timed runs."""
from __future__ import annotations

import os
import shutil
import statistics
import time


def make_app(url: str, folder: str):
    """The ERP on database ``url`` with the project's addons only, files in
    ``folder``, and no broker."""
    from core import create_app

    return create_app({
        "TESTING": True, "SECRET_KEY": "bench-secret-key-of-at-least-32-bytes",
        "SQLALCHEMY_DATABASE_URI": url,
        "CELERY_BROKER_URL": "memory://", "CELERY_RESULT_BACKEND": "cache+memory://",
        "INSTANCE_DIR": folder, "STORAGE_DIR": os.path.join(folder, "files"),
        "ADDONS_PATHS": []})


def analyze(db) -> None:
    """Statistics for the planner, once the generated rows are in."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def timed_in_site(site_id: int, compute):
    """(seconds, result) of ``compute()`` acting as the site, as a job would; the
    session is rolled back after."""
    from core.context import system_context
    from core.extensions import db

    with system_context(site_id):
        started = time.perf_counter()
        result = compute()
        elapsed = time.perf_counter() - started
        db.session.rollback()
    return elapsed, result


def alternated(runs: int, site_id: int, addon, hand):
    """``addon()``, timed acting as the site (``timed_in_site``), and ``hand()``
    (answering (seconds, result)) once each to warm up (statement compilation, page
    cache), then ``runs`` times each, alternated: (addon seconds, last addon result,
    hand seconds, last hand result)."""
    timed_in_site(site_id, addon)
    hand()
    addon_times, hand_times = [], []
    for _ in range(runs):
        elapsed, addon_result = timed_in_site(site_id, addon)
        addon_times.append(elapsed)
        elapsed, hand_result = hand()
        hand_times.append(elapsed)
    return addon_times, addon_result, hand_times, hand_result


def built_and_alternated(url: str, folder: str, runs: int, build, measures):
    """A site made by ``build(app)`` (answering its id) on a new ERP (``make_app``),
    then ``alternated`` runs of the pair of callables ``measures(site_id)`` answers
    (the addon's, the hand-written one) in a request: (seconds the build took, addon
    seconds, last addon result, hand seconds, last hand result).  ``folder`` is
    removed after."""
    from core.extensions import db

    try:
        app = make_app(url, folder)
        with app.app_context():
            started = time.perf_counter()
            site_id = build(app)
            built = time.perf_counter() - started
            with app.test_request_context():
                results = alternated(runs, site_id, *measures(site_id))
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return (built, *results)


def print_medians(runs: int, addon_label: str, addon_times: list, hand_label: str,
                  hand_times: list, target: str) -> None:
    """The medians, their ranges, the ratio and whether it meets the target (1.5x)."""
    addon, hand = statistics.median(addon_times), statistics.median(hand_times)
    ratio = addon / hand
    width = max(len(addon_label), len(hand_label)) + 2
    print(f"median of {runs} runs each (after one warm-up)")
    for label, median, times in ((addon_label, addon, addon_times),
                                 (hand_label, hand, hand_times)):
        print(f"  {label:{width}}{median * 1000:8.1f} ms   "
              f"range {min(times) * 1000:.1f}..{max(times) * 1000:.1f} ms")
    print(f"ratio addon/hand: {ratio:.2f}x")
    print(f"target: <= 1.5x {target} -> {'met' if ratio <= 1.5 else 'NOT met'}")
