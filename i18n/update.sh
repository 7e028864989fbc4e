#!/usr/bin/env bash
# Re-extract the messages of the host and the addons, update the Chinese (zh)
# and English (en) catalogues, and merge i18n/fab_zh_missing.po (Chinese for the
# strings that Flask-AppBuilder's own zh catalogue lacks) into the zh catalogue.
#
# Usage (from anywhere):  i18n/update.sh
# Then translate every new empty msgstr in i18n/zh/LC_MESSAGES/messages.po
# (the script lists them) and compile with:  pybabel compile -d i18n
#
# Why "zh" and not "zh_CN": Flask-Babel turns the UI locale "zh_CN" into Babel's
# Locale("zh_Hans_CN") and looks for the directories zh_Hans_CN, then zh.  A
# directory named zh_CN would never be loaded; zh is found for zh_CN (and zh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
pybabel() { "$PYTHON" -m babel.messages.frontend "$@"; }

LOCALES=(zh en)

pybabel extract -F i18n/babel.cfg \
    -k _l -k lazy_gettext -k gettext -k _ -k N_ \
    --add-comments=TRANSLATORS: \
    --project="After-Sales Service ERP" \
    -o i18n/messages.pot .

for locale in "${LOCALES[@]}"; do
    # --init-missing: create the catalogue the first time;
    # --no-fuzzy-matching: never guess a translation from a similar msgid;
    # --ignore-obsolete: drop strings that left the code (and the FAB block,
    #   which is not in messages.pot: it is merged back right below).
    pybabel update -i i18n/messages.pot -d i18n -l "$locale" \
        --init-missing --no-fuzzy-matching --ignore-obsolete
done

"$PYTHON" - "${LOCALES[@]}" <<'PY'
"""Merge i18n/fab_zh_missing.po into zh; clear the header's fuzzy flag."""
import sys

from babel.messages.pofile import read_po, write_po

BLOCK = [
    "==== Flask-AppBuilder strings missing from FAB's own zh catalogue ====",
    "Merged from i18n/fab_zh_missing.po by i18n/update.sh: edit them there.",
]
NOTE = "FAB zh gap (i18n/fab_zh_missing.po)"

with open("i18n/fab_zh_missing.po", "rb") as f:
    fab = read_po(f, locale="zh")

for locale in sys.argv[1:]:
    path = f"i18n/{locale}/LC_MESSAGES/messages.po"
    with open(path, "rb") as f:
        catalog = read_po(f, locale=locale)
    # `pybabel init` marks the header fuzzy: `pybabel compile` would skip it.
    catalog.fuzzy = False
    if locale == "zh":
        first = True
        for message in fab:
            if not message.id:
                continue
            ours = catalog.get(message.id, message.context)
            if ours is not None:  # our own code uses this msgid too
                if not ours.string:
                    ours.string = message.string
                continue
            catalog.add(message.id, message.string, flags=message.flags,
                        auto_comments=message.auto_comments,
                        user_comments=(BLOCK if first else []) + [NOTE],
                        context=message.context)
            first = False
    with open(path, "wb") as f:
        write_po(f, catalog, ignore_obsolete=True)

with open("i18n/zh/LC_MESSAGES/messages.po", "rb") as f:
    zh = read_po(f, locale="zh")
todo = [m.id for m in zh if m.id and not m.string]
if todo:
    print(f"zh: {len(todo)} untranslated message(s) to translate:", file=sys.stderr)
    for msgid in todo:
        print(f"  {msgid!r}", file=sys.stderr)
PY
