"""Reviewers, passwords, sessions and CSRF tokens of the review UI.

- Passwords: hashlib.scrypt (n=2**14, r=8, p=1: ~16 MiB and ~50 ms per check), a 16-byte
  random salt per reviewer; only 'scrypt$n$r$p$salt$hash' is stored.
- Where: the UI's own store (warehouse/reviewstore.py, SQLite beside the DuckDB store); every
  function here takes its connection. The job's store is never opened.
- Sessions: every browser gets a random `cw_session` cookie (HttpOnly, SameSite=Lax). A
  signed-in one has a row in review_sessions keyed by the token's SHA-256; signing in
  issues a new token (no session fixation), signing out deletes the row.
- CSRF: every form carries HMAC-SHA256(server key, session token). An attacker's page can
  neither read the cookie nor compute the HMAC, and SameSite=Lax keeps the cookie off
  cross-site POSTs besides. The key is random per server start unless
  CLAIMWATCH_REVIEW_SECRET is set (a restart only means reloading an open form).
- Throttle: every sign-in attempt is counted before its password is checked, per client
  address and per (name, address); see `Throttle`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from warehouse.reviewstore import ts

SESSION_COOKIE = "cw_session"
SESSION_HOURS = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
# After 5 wrong passwords in a row a name is refused for 60 s to that address: ~7000 guesses a
# day per address; 20 failures from one address (any names) refuse the address for 60 s.
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
LOCKOUT_S = 60.0
# scrypt takes ~16 MiB and ~50 ms: 4 at once bound a flood of sign-ins to 64 MiB and 4 cores'
# worth of hashing; the others wait their turn (the request threads, not the job, wait).
_SCRYPT_SLOTS = threading.BoundedSemaphore(4)


class AuthError(ValueError):
    """A reviewer name that is invalid, taken, or unknown."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash' for a password, with a fresh random salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches a stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        with _SCRYPT_SLOTS:
            actual = hashlib.scrypt(
                password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
            )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


# Checked when a name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def normalise_name(name: str) -> str:
    """A reviewer name, lower-cased; AuthError unless [a-z0-9][a-z0-9_.-]{0,39}."""
    name = name.strip().lower()
    if not _NAME.match(name):
        raise AuthError(
            f"invalid reviewer name {name!r}: use 1-40 letters, digits, '.', '_' or '-', starting "
            "with a letter or digit"
        )
    return name


def add_reviewer(con: Any, name: str, *, reset: bool = False) -> tuple[str, str]:
    """Create a reviewer (or give an existing one a new password with `reset`).

    Returns (name, password): the password is random, shown once, and only its salted hash
    is stored. Resetting also signs the reviewer out everywhere.
    """
    name = normalise_name(name)
    password = secrets.token_urlsafe(16)
    stored = hash_password(password)
    exists = con.execute("SELECT count(*) FROM reviewers WHERE name = ?", [name]).fetchone()[0]
    if exists and not reset:
        raise AuthError(f"reviewer {name!r} exists; add --reset to give them a new password")
    if not exists and reset:
        raise AuthError(f"no reviewer {name!r} to reset")
    con.execute("BEGIN TRANSACTION")
    try:
        if exists:
            con.execute("UPDATE reviewers SET password_hash = ? WHERE name = ?", [stored, name])
            con.execute("DELETE FROM review_sessions WHERE reviewer = ?", [name])
        else:
            con.execute("INSERT INTO reviewers VALUES (?, ?, ?)", [name, stored, ts(datetime.now(UTC))])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return name, password


def stored_hash(con: Any, name: str) -> str | None:
    """The stored password hash of a reviewer name, or None (also for an invalid name)."""
    try:
        name = normalise_name(name)
    except AuthError:
        return None
    row = con.execute("SELECT password_hash FROM reviewers WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def verify_reviewer(stored: str | None, name: str, password: str) -> str | None:
    """The normalised name when `password` matches `stored`, else None; an unknown name costs the same."""
    if stored is None:
        verify_password(password, _DUMMY_HASH)
        return None
    return normalise_name(name) if verify_password(password, stored) else None


def check_password(con: Any, name: str, password: str) -> str | None:
    """The reviewer's name when the password is right, else None (same cost either way)."""
    return verify_reviewer(stored_hash(con, name), name, password)


def new_token() -> str:
    """A session token for the cookie: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(con: Any, reviewer: str, token: str) -> None:
    """Record a signed-in session (and drop expired ones)."""
    now = datetime.now(UTC)
    con.execute("DELETE FROM review_sessions WHERE expires_at < ?", [ts(now)])
    con.execute(
        "INSERT INTO review_sessions VALUES (?, ?, ?, ?)",
        [token_hash(token), reviewer, ts(now), ts(now + timedelta(hours=SESSION_HOURS))],
    )


def end_session(con: Any, token: str) -> None:
    con.execute("DELETE FROM review_sessions WHERE session_hash = ?", [token_hash(token)])


def session_reviewer(con: Any, token: str | None) -> str | None:
    """The reviewer signed in with this cookie token, or None."""
    if not token:
        return None
    row = con.execute(
        "SELECT reviewer FROM review_sessions WHERE session_hash = ? AND expires_at > ?",
        [token_hash(token), ts(datetime.now(UTC))],
    ).fetchone()
    return row[0] if row else None


def csrf_token(key: bytes, session_token: str) -> str:
    """The CSRF token of a session: HMAC-SHA256(key, token)."""
    return _b64(hmac.new(key, b"csrf:" + session_token.encode("utf-8"), hashlib.sha256).digest())


def csrf_ok(key: bytes, session_token: str | None, submitted: str | None) -> bool:
    """Whether a submitted form token belongs to this session."""
    if not session_token or not submitted:
        return False
    return hmac.compare_digest(csrf_token(key, session_token), submitted)


class Throttle:
    """Sign-in attempts, counted before the password is checked (in memory, per server).

    Counting first means parallel attempts cannot slip past the check while earlier ones are
    still hashing: the sixth of six simultaneous guesses is refused, not checked. Two counters:

    - (name, address): MAX_FAILURES attempts in a row refuse that name to that address for
      LOCKOUT_S. A name is never locked for everyone: failures from elsewhere cannot lock a
      reviewer out of their own address.
    - address: MAX_ADDRESS_FAILURES attempts (any names) refuse the address for LOCKOUT_S, so
      one client cannot guess many names either.

    A successful sign-in clears its (name, address) counter and gives back its address attempt.
    """

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        lockout_s: float = LOCKOUT_S,
        max_address_failures: int = MAX_ADDRESS_FAILURES,
    ) -> None:
        self.max_failures, self.lockout_s = max_failures, lockout_s
        self.max_address_failures = max_address_failures
        self._counts: dict[tuple[str, ...], tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _count(self, key: tuple[str, ...], limit: int, now: float) -> int | None:
        """The key's count now (reset after a lockout ended), or None while it is locked."""
        count, since = self._counts.get(key, (0, 0.0))
        if count >= limit:
            if now - since < self.lockout_s:
                return None
            count = 0  # the lockout is over: a fresh run of attempts
        return count

    def attempt(self, name: str, address: str) -> bool:
        """Count a sign-in attempt; False (nothing counted) while the name or the address is locked."""
        pair, addr = ("name", name.strip().lower(), address), ("address", address)
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 10_000:  # many made-up names: forget the stale ones, bound memory
                self._counts = {k: v for k, v in self._counts.items() if now - v[1] < self.lockout_s}
            pair_count = self._count(pair, self.max_failures, now)
            addr_count = self._count(addr, self.max_address_failures, now)
            if pair_count is None or addr_count is None:
                return False
            self._counts[pair] = (pair_count + 1, now)
            self._counts[addr] = (addr_count + 1, now)
            return True

    def locked(self, name: str, address: str) -> bool:
        """Whether an attempt now would be refused (counts nothing)."""
        now = time.monotonic()
        with self._lock:
            return (
                self._count(("name", name.strip().lower(), address), self.max_failures, now) is None
                or self._count(("address", address), self.max_address_failures, now) is None
            )

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._counts.pop(("name", name.strip().lower(), address), None)
            count, since = self._counts.get(("address", address), (0, 0.0))
            if count > 0:
                self._counts[("address", address)] = (count - 1, since)
