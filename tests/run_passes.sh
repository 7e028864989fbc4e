#!/usr/bin/env bash
# make test's two passes, side by side: SQLite with the embedded broker (browser walks
# and fuzzing run here), and PostgreSQL with a real worker on Redis when they answer
# (migrations, indexes, worker faults run there). Each pass is one Python process on
# its own database, so on two cores running them together roughly halves the time;
# the slow walks that do not depend on the database run in the second pass only.
# The PostgreSQL pass's output is printed when it ends; the exit status fails when
# either pass fails.
set -u
BIN=$1 PG_URL=$2 REDIS_URL=$3
PG="" BROKER=""
if "$BIN/python" -c "import psycopg; psycopg.connect('${PG_URL/+psycopg/}', connect_timeout=3).close()" 2>/dev/null
then PG=$PG_URL; else echo "== PostgreSQL at $PG_URL does not answer: PostgreSQL run skipped"; fi
if "$BIN/python" -c "import redis; redis.Redis.from_url('$REDIS_URL', socket_timeout=3).ping()" 2>/dev/null
then BROKER=$REDIS_URL; else echo "== Redis at $REDIS_URL does not answer: real-broker run skipped"; fi

second_log=$(mktemp)
second_status=0
if [ -n "$PG$BROKER" ]; then
  echo "== tests on ${PG:-SQLite} with the broker ${BROKER:-embedded}: started beside the SQLite pass, printed when it ends"
  ERP_TEST_DATABASE_URL="$PG" ERP_TEST_BROKER_URL="$BROKER" \
    "$BIN/python" -m pytest -p no:cacheprovider >"$second_log" 2>&1 &
  second=$!
fi
echo "== tests on SQLite with the embedded broker"
# the slow walks that read the app the same way on any database (tests marked
# in_one_pass) run in the other pass when there is one
OTHER_PASS=$([ -n "$PG$BROKER" ] && echo 1 || echo 0)
env -u ERP_TEST_DATABASE_URL -u ERP_TEST_BROKER_URL ERP_TEST_OTHER_PASS=$OTHER_PASS \
  "$BIN/python" -m pytest
first_status=$?
if [ -n "$PG$BROKER" ]; then
  wait "$second"; second_status=$?
  echo "== tests on ${PG:-SQLite} with the broker ${BROKER:-embedded}"
  cat "$second_log"
fi
rm -f "$second_log"
[ "$first_status" = 0 ] && [ "$second_status" = 0 ]
