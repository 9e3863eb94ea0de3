"""Helpers for building small docket files and reading the database back in tests."""
