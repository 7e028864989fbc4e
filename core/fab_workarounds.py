"""Every place where the host works around Flask-AppBuilder, in one module.

Each workaround says which FAB version (and issue, where there is one) it works
around, and names the test that fails without it, so that it can be dropped the
day FAB no longer needs it.  Code elsewhere calls into this module instead of
patching FAB itself.
"""
from __future__ import annotations


# --- FAB 5.3: `_info` describes a column by the catalogue's header -------------------

def _info_descriptions_without_the_catalogue_header() -> None:
    """FAB 5.3's ``ModelRestApi._get_field_info`` sends
    ``description_columns.get(name, "")`` through gettext, and ``gettext("")`` answers
    the catalogue's header ("Project-Id-Version: …"): every column without a
    description was described by it in ``/api/v1/<name>/_info``.  An undescribed
    column gets an empty description instead.
    Fails without: tests/test_pages_i18n_walk.py::test_info_descriptions_are_empty_or_real
    """
    from flask_appbuilder.api import ModelRestApi

    original = ModelRestApi._get_field_info
    if getattr(original, "erp_workaround", False):
        return

    def field_info(self, field, *args, **kwargs):
        info = original(self, field, *args, **kwargs)
        if not self.description_columns.get(field.name):
            info["description"] = ""
        return info

    field_info.erp_workaround = True
    ModelRestApi._get_field_info = field_info


_info_descriptions_without_the_catalogue_header()
