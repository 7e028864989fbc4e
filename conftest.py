"""Shared fixtures for the host's tests and every addon's ``addons/<name>/tests``."""
pytest_plugins = ["tests.fixtures"]
