"""The only code under bot/ that imports Rasa: thin adapters that plug plain bot/ code into Rasa."""
