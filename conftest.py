"""Pytest plugins shared by every app: one browser for all browser tests."""

pytest_plugins = ["wenming.core.tests.e2e.fixtures"]
