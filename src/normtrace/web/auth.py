"""Accounts, passwords, sessions and CSRF tokens of the workbench.

* Passwords are hashed with argon2id (argon2-cffi); the hash is rehashed on
  login when the parameters change.
* A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie;
  the database keeps only its SHA-256, so a copied database does not open
  sessions.
* The CSRF token of a session is ``HMAC-SHA256(secret, session token)``: it is
  sent with every write (header ``X-CSRF-Token`` or form field ``csrf_token``)
  and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from normtrace.errors import NotFoundError, WebError
from normtrace.store.db import Store, utc_now

ROLES = ("admin", "coder", "viewer")
SESSION_HOURS = 12
_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so that a failed login takes
# the same time whether or not the account exists.
_DUMMY_HASH = _HASHER.hash("normtrace-no-such-user")


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    id: int
    name: str
    role: str

    @property
    def can_write(self) -> bool:
        """Coders and admins write codings; viewers only read."""
        return self.role in ("admin", "coder")

    @property
    def is_admin(self) -> bool:
        """Admins assign, reveal, adjudicate and manage accounts."""
        return self.role == "admin"


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``.

    >>> verify_password(hash_password("s3cret-pass"), "s3cret-pass")
    True
    """
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored argon2 hash."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_user(name: str, role: str, password: str) -> None:
    """Raise :class:`WebError` when a new account would be invalid."""
    if role not in ROLES:
        raise WebError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if not name or len(name) > 64 or not name.replace("-", "").replace("_", "").isalnum():
        raise WebError(f"user name {name!r} must be 1-64 letters, digits, '-' or '_'")
    if len(password) < 8:
        raise WebError("password must have at least 8 characters")


def create_user(store: Store, name: str, role: str, password: str) -> User:
    """Add an account (call inside a write); the password is stored only as a hash."""
    check_new_user(name, role, password)
    try:
        cur = store.conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role, hash_password(password), utc_now()),
        )
    except sqlite3.IntegrityError as exc:
        raise WebError(f"a user named {name!r} already exists; pick another name") from exc
    return User(int(cur.lastrowid or 0), name, role)


def list_users(store: Store) -> list[User]:
    """Every active account, by name."""
    rows = store.conn.execute(
        "SELECT id, name, role FROM users WHERE active = 1 ORDER BY name"
    ).fetchall()
    return [User(int(r["id"]), r["name"], r["role"]) for r in rows]


def get_user(store: Store, name: str) -> User:
    """The active account called ``name``."""
    row = store.conn.execute(
        "SELECT id, name, role FROM users WHERE name = ? AND active = 1", (name,)
    ).fetchone()
    if row is None:
        raise NotFoundError("user", name, hint="`normtrace users add NAME` creates one")
    return User(int(row["id"]), row["name"], row["role"])


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if ``password`` is right, else ``None`` (same cost either way)."""
    row = store.conn.execute(
        "SELECT id, name, role, password_hash FROM users WHERE name = ? AND active = 1", (name,)
    ).fetchone()
    if row is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(row["password_hash"], password):
        return None
    return User(int(row["id"]), row["name"], row["role"])


def needs_rehash(store: Store, user: User) -> bool:
    """Whether the stored hash uses outdated argon2 parameters."""
    row = store.conn.execute("SELECT password_hash FROM users WHERE id = ?", (user.id,)).fetchone()
    return row is not None and _HASHER.check_needs_rehash(row["password_hash"])


def set_password(store: Store, user_id: int, password: str) -> None:
    """Replace a password hash (call inside a write)."""
    store.conn.execute(
        "UPDATE users SET password_hash = ? WHERE id = ?", (hash_password(password), user_id)
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def create_session(store: Store, user: User) -> str:
    """Start a session (call inside a write) and return its secret cookie token."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    store.conn.execute(
        "INSERT INTO web_sessions (token_hash, user_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?)",
        (_token_hash(token), user.id, _iso(now), _iso(now + timedelta(hours=SESSION_HOURS))),
    )
    store.conn.execute("DELETE FROM web_sessions WHERE expires_at < ?", (_iso(now),))
    return token


def session_user(store: Store, token: str | None) -> User | None:
    """The user of a live session token, else ``None``."""
    if not token or len(token) > 128:
        return None
    row = store.conn.execute(
        "SELECT u.id, u.name, u.role FROM web_sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
        (_token_hash(token), utc_now()),
    ).fetchone()
    return None if row is None else User(int(row["id"]), row["name"], row["role"])


def end_session(store: Store, token: str) -> None:
    """Forget a session (call inside a write)."""
    store.conn.execute("DELETE FROM web_sessions WHERE token_hash = ?", (_token_hash(token),))


def project_secret(store: Store) -> str:
    """The project's CSRF secret, made once (call inside a write)."""
    row = store.conn.execute("SELECT value FROM web_settings WHERE name = 'csrf_secret'").fetchone()
    if row is not None:
        return str(row["value"])
    value = secrets.token_hex(32)
    store.conn.execute("INSERT INTO web_settings (name, value) VALUES ('csrf_secret', ?)", (value,))
    return value


def csrf_token(secret: str, session_token: str) -> str:
    """The CSRF token that belongs to a session."""
    return hmac.new(secret.encode(), session_token.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: str, session_token: str, presented: str | None) -> bool:
    """Whether ``presented`` is the session's CSRF token (constant-time compare)."""
    if not presented:
        return False
    return hmac.compare_digest(csrf_token(secret, session_token), presented)


class LoginThrottle:
    """Refuse sign-in for a name after too many failures in a window (per server process).

    argon2 already makes each guess slow; this bounds how many guesses one
    account can take (default 10 per 10 minutes).
    """

    def __init__(self, *, limit: int = 10, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allowed(self, name: str) -> bool:
        """Whether ``name`` may try to sign in now."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.window]
            self._failures[name] = recent
            return len(recent) < self.limit

    def failed(self, name: str) -> None:
        """Count a failed attempt."""
        with self._lock:
            self._failures.setdefault(name, []).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name``."""
        with self._lock:
            self._failures.pop(name, None)


def change_password(store: Store, name: str, password: str) -> User:
    """Set a new password for account ``name`` and end its sessions (call inside a write)."""
    user = get_user(store, name)
    check_new_user(user.name, user.role, password)
    set_password(store, user.id, password)
    store.conn.execute("DELETE FROM web_sessions WHERE user_id = ?", (user.id,))
    return user


def deactivate_user(store: Store, name: str) -> User:
    """Close account ``name`` (call inside a write): no sign-in, sessions ended, codings kept."""
    user = get_user(store, name)
    store.conn.execute("UPDATE users SET active = 0 WHERE id = ?", (user.id,))
    store.conn.execute("DELETE FROM web_sessions WHERE user_id = ?", (user.id,))
    return user
