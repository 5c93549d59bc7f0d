"""Handover to a nurse: queue, accounts, audit and summary (plain Python; Redis via redis.asyncio)."""
