"""The user-facing FastAPI gateway (chat widget and nurse websockets come in later issues)."""
