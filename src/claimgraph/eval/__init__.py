"""Scoring of extraction output against the gold sets."""
