"""Reviewers, passwords, sessions and CSRF tokens of the review UI.

- Passwords: hashlib.scrypt (n=2**14, r=8, p=1: ~16 MiB and ~50 ms per check), a 16-byte
  random salt per reviewer; only 'scrypt$n$r$p$salt$hash' is stored.
- Sessions: every browser gets a random `cw_session` cookie (HttpOnly, SameSite=Lax). A
  signed-in one has a row in review_sessions keyed by the token's SHA-256; signing in
  issues a new token (no session fixation), signing out deletes the row.
- CSRF: every form carries HMAC-SHA256(server key, session token). An attacker's page can
  neither read the cookie nor compute the HMAC, and SameSite=Lax keeps the cookie off
  cross-site POSTs besides. The key is random per server start unless
  CLAIMWATCH_REVIEW_SECRET is set (a restart only means reloading an open form).
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

import duckdb

SESSION_COOKIE = "cw_session"
SESSION_HOURS = 12
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
# After 5 wrong passwords in a row a name is refused for 60 s: slows guessing to ~7000/day.
MAX_FAILURES = 5
LOCKOUT_S = 60.0


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


def add_reviewer(con: duckdb.DuckDBPyConnection, name: str, *, reset: bool = False) -> tuple[str, str]:
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
            con.execute("INSERT INTO reviewers VALUES (?, ?, ?)", [name, stored, datetime.now(UTC)])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return name, password


def check_password(con: duckdb.DuckDBPyConnection, name: str, password: str) -> str | None:
    """The reviewer's name when the password is right, else None (same cost either way)."""
    try:
        name = normalise_name(name)
    except AuthError:
        verify_password(password, _DUMMY_HASH)
        return None
    row = con.execute("SELECT password_hash FROM reviewers WHERE name = ?", [name]).fetchone()
    if row is None:
        verify_password(password, _DUMMY_HASH)
        return None
    return name if verify_password(password, row[0]) else None


def new_token() -> str:
    """A session token for the cookie: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(con: duckdb.DuckDBPyConnection, reviewer: str, token: str) -> None:
    """Record a signed-in session (and drop expired ones)."""
    now = datetime.now(UTC)
    con.execute("DELETE FROM review_sessions WHERE expires_at < ?", [now])
    con.execute(
        "INSERT INTO review_sessions VALUES (?, ?, ?, ?)",
        [token_hash(token), reviewer, now, now + timedelta(hours=SESSION_HOURS)],
    )


def end_session(con: duckdb.DuckDBPyConnection, token: str) -> None:
    con.execute("DELETE FROM review_sessions WHERE session_hash = ?", [token_hash(token)])


def session_reviewer(con: duckdb.DuckDBPyConnection, token: str | None) -> str | None:
    """The reviewer signed in with this cookie token, or None."""
    if not token:
        return None
    row = con.execute(
        "SELECT reviewer FROM review_sessions WHERE session_hash = ? AND expires_at > ?",
        [token_hash(token), datetime.now(UTC)],
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
    """Refuses a name for LOCKOUT_S after MAX_FAILURES wrong passwords in a row (in memory)."""

    def __init__(self, max_failures: int = MAX_FAILURES, lockout_s: float = LOCKOUT_S) -> None:
        self.max_failures, self.lockout_s = max_failures, lockout_s
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def locked(self, name: str) -> bool:
        with self._lock:
            count, since = self._failures.get(name.strip().lower(), (0, 0.0))
            return count >= self.max_failures and time.monotonic() - since < self.lockout_s

    def failed(self, name: str) -> None:
        key = name.strip().lower()
        with self._lock:
            if len(self._failures) > 10_000:  # many made-up names: forget the stale ones, bound memory
                now = time.monotonic()
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] < self.lockout_s}
            count, since = self._failures.get(key, (0, 0.0))
            if count >= self.max_failures and time.monotonic() - since >= self.lockout_s:
                count = 0  # the lockout is over: a fresh run of attempts
            self._failures[key] = (count + 1, time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().lower(), None)
