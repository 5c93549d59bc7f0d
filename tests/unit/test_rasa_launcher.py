"""The Rasa launcher passes the token so that argparse can never misread it."""
from __future__ import annotations

import argparse

from bot.infra.rasa_server import rasa_command
from bot.settings import RasaSettings


def test_a_token_starting_with_a_dash_stays_the_token():
    cmd = rasa_command(RasaSettings(), "-abcDEF_123-xyz")
    parser = argparse.ArgumentParser()
    parser.add_argument("-t", "--auth-token")
    parsed, _ = parser.parse_known_args(cmd[2:])
    assert parsed.auth_token == "-abcDEF_123-xyz"
