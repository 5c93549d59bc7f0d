"""Vårdlotsen's domain code: plain Python with no Rasa import (except `bot.rasa_plugins`)."""
