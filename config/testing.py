"""Overrides for the test suite: throw-away database, no CSRF on test forms."""
TESTING = True
WTF_CSRF_ENABLED = False
SECRET_KEY = "testing-secret-key-of-at-least-32-bytes"
