"""Rasa action server: thin adapters (read slots → call bot/ → utter/events), one module per feature."""
