"""Local reactions found in the blind NLU set must not be sent to 112 (they go to their protocol)."""
from __future__ import annotations

import pytest

from bot.emergency.screen import screen


@pytest.mark.parametrize(
    "text",
    ["blev stungen av en geting i handen och den har svullnat upp", "brände mig på handen på spisen, fick en stor blåsa"],
)
def test_local_reaction_is_not_an_emergency(text):
    assert screen(text) is None


@pytest.mark.parametrize(
    "text", ["blev stungen av en geting och nu svullnar tungan", "brände mig, stor brännskada över hela bröstet"]
)
def test_the_dangerous_version_still_fires(text):
    found = screen(text)
    assert found is not None and found.level == "112"
