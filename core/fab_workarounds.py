"""Every place where the host works around Flask-AppBuilder, in one module.

Each workaround says which FAB version (and issue, where there is one) it works
around, and names the test that fails without it, so that it can be dropped the
day FAB no longer needs it.  Code elsewhere calls into this module instead of
patching FAB itself.
"""
from __future__ import annotations
