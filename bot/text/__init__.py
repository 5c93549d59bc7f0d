"""Swedish text helpers shared by the screen, the matcher and the answer parsers."""
