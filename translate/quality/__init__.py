"""Judging translations: checks against the source, comparison, reports."""
