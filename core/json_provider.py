"""Every JSON answer written by orjson, the same document Flask's own provider writes.

Flask's ``DefaultJSONProvider`` runs the standard library's encoder: 0.20 ms for a
list page of 25 service requests, 4 % of the request (bench/wrk.py); orjson writes
it in 0.05 ms.  The keys are sorted as Flask sorts them; dates, times, decimals
and anything else orjson does not write itself go to Flask's ``default`` as before
(``OPT_PASSTHROUGH_*``), so a date is still an HTTP date.  The one difference: text
is written as UTF-8 rather than ``\\uXXXX`` escapes (both are the same JSON).  What
orjson refuses (an integer beyond 64 bits, keys that are not text) and any layout
but the compact one of answers (indented in debug mode, spaced in a template's
``tojson``) take Flask's way.
"""
from __future__ import annotations

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS)


class OrjsonProvider(DefaultJSONProvider):

    def dumps(self, obj, **kwargs) -> str:
        compact = kwargs.get("separators") == (",", ":") and kwargs.get("indent") is None
        if not compact or not self.sort_keys \
                or kwargs.keys() - {"separators", "default", "indent"}:
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=kwargs.get("default", self.default),
                                option=_OPTIONS).decode()
        except orjson.JSONEncodeError:
            return super().dumps(obj, **kwargs)
