"""Triage: protocols as data, a plain-Python engine, answer parsing and the result payload."""
