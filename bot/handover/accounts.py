"""Nurse accounts: argon2-hashed passwords in Redis, behind an interface a region's SSO/SITHS login can replace.

CLI (creates accounts; there is no sign-up):
  python -m bot.handover.accounts add USERNAME --name "Anna Andersson" [--admin]   (password from a prompt or stdin)
  python -m bot.handover.accounts list | remove USERNAME | audit
"""
from __future__ import annotations

import argparse
import asyncio
import getpass
import re
import sys
from dataclasses import dataclass
from typing import Optional, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from redis.asyncio import Redis

USERNAME = re.compile(r"^[a-z0-9._-]{2,40}$")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verifying against this keeps the time the same for unknown users (no account enumeration by timing).
_DUMMY = _hasher.hash("vardlotsen-dummy-password")


@dataclass(frozen=True)
class Nurse:
    username: str
    name: str
    admin: bool = False


class Authenticator(Protocol):
    async def authenticate(self, username: str, password: str) -> Optional[Nurse]: ...


def _key(username: str) -> str:
    return f"vl:nurse:{username}"


class LocalAccounts:
    """Accounts created with the CLI, stored in Redis."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def authenticate(self, username: str, password: str) -> Optional[Nurse]:
        username = username.strip().lower()
        raw = await self.redis.hgetall(_key(username)) if USERNAME.match(username) else {}
        data = {k.decode(): v.decode() for k, v in raw.items()}
        stored = data.get("hash", _DUMMY)
        try:
            await asyncio.to_thread(_hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if not data:
            return None
        return Nurse(username, data.get("name", username), data.get("admin") == "1")

    async def add(self, username: str, name: str, password: str, admin: bool = False) -> Nurse:
        if not USERNAME.match(username):
            raise ValueError("Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck.")
        if len(password) < MIN_PASSWORD:
            raise ValueError(f"Lösenordet måste ha minst {MIN_PASSWORD} tecken.")
        hashed = await asyncio.to_thread(_hasher.hash, password)
        await self.redis.hset(_key(username), mapping={"name": name, "hash": hashed, "admin": "1" if admin else "0"})
        return Nurse(username, name, admin)

    async def remove(self, username: str) -> bool:
        return bool(await self.redis.delete(_key(username)))

    async def names(self) -> list[str]:
        return sorted(k.decode().split(":", 2)[2] async for k in self.redis.scan_iter("vl:nurse:*"))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Lösenord: ")
    if getpass.getpass("Samma lösenord igen: ") != first:
        raise SystemExit("Lösenorden var inte lika.")
    return first


async def _main(args: argparse.Namespace) -> int:
    from bot.handover import audit
    from bot.settings import RedisSettings

    redis = Redis.from_url(RedisSettings().url)
    accounts = LocalAccounts(redis)
    try:
        if args.command == "add":
            nurse = await accounts.add(args.username, args.name or args.username, _password(args.password_stdin),
                                       args.admin)
            print(f"Kontot {nurse.username} ({nurse.name}{', administratör' if nurse.admin else ''}) är skapat.")
        elif args.command == "remove":
            print("Borttaget." if await accounts.remove(args.username) else "Kontot fanns inte.")
        elif args.command == "list":
            print("\n".join(await accounts.names()) or "(inga konton)")
        elif args.command == "audit":
            for row in reversed(await audit.listing(redis, args.count)):
                print(f"{row['ts']} {row['nurse']} {row['action']} {row['conversation']}")
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        await redis.close()
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.handover.accounts", description="Sjuksköterskekonton")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add")
    add.add_argument("username")
    add.add_argument("--name")
    add.add_argument("--admin", action="store_true")
    add.add_argument("--password-stdin", action="store_true")
    sub.add_parser("remove").add_argument("username")
    sub.add_parser("list")
    sub.add_parser("audit").add_argument("--count", type=int, default=200)
    raise SystemExit(asyncio.run(_main(parser.parse_args())))


if __name__ == "__main__":
    main()
