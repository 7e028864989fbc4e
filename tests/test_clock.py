"""core.clock.local_dates gives local_date's answer for every time, in or out of
order, across daylight-saving changes (a midnight skipped, a midnight repeated, a
whole day skipped)."""
import datetime
from zoneinfo import ZoneInfo

import pytest

from core.clock import local_date, local_dates

ZONES = ["Asia/Shanghai", "Europe/Paris", "America/Santiago", "America/Havana",
         "Asia/Beirut", "Pacific/Apia", "Australia/Lord_Howe", "UTC"]


def times(start: datetime.datetime, days: int, step_minutes: int):
    moment, end = start, start + datetime.timedelta(days=days)
    while moment < end:
        yield moment
        moment += datetime.timedelta(minutes=step_minutes)


@pytest.mark.parametrize("name", ZONES)
def test_local_dates_answers_as_local_date_through_a_year_in_order(name):
    zone = ZoneInfo(name)
    date_of = local_dates(zone)
    moments = list(times(datetime.datetime(2025, 12, 31), 367, 13))
    # and every second around each change of offset
    for moment in list(moments):
        before = moment - datetime.timedelta(minutes=13)
        if zone.utcoffset(before) != zone.utcoffset(moment):
            moments.extend(times(before, 0, 1))
            moments.extend(before + datetime.timedelta(seconds=s) for s in range(13 * 60))
    moments.sort()
    assert [date_of(moment) for moment in moments] == \
        [local_date(moment, zone) for moment in moments]


def test_local_dates_across_samoa_skipping_30_december_2011():
    zone = ZoneInfo("Pacific/Apia")
    date_of = local_dates(zone)
    moments = list(times(datetime.datetime(2011, 12, 28), 5, 7))
    answers = [date_of(moment) for moment in moments]
    assert answers == [local_date(moment, zone) for moment in moments]
    assert datetime.date(2011, 12, 30) not in answers
    assert datetime.date(2011, 12, 29) in answers and datetime.date(2011, 12, 31) in answers


def test_local_dates_out_of_order():
    zone = ZoneInfo("Europe/Paris")
    date_of = local_dates(zone)
    moments = [datetime.datetime(2026, 3, 29, 0, 59), datetime.datetime(2026, 3, 28, 23, 0),
               datetime.datetime(2026, 10, 24, 22, 0), datetime.datetime(2026, 10, 24, 21, 59),
               datetime.datetime(2026, 3, 28, 22, 59), datetime.datetime(2026, 3, 28, 23, 0)]
    assert [date_of(moment) for moment in moments] == \
        [local_date(moment, zone) for moment in moments] == \
        [datetime.date(2026, 3, 29), datetime.date(2026, 3, 29), datetime.date(2026, 10, 25),
         datetime.date(2026, 10, 24), datetime.date(2026, 3, 28), datetime.date(2026, 3, 29)]
