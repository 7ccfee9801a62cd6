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
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from normtrace.errors import NotFoundError, WebError
from normtrace.store.db import Store, utc_now

ROLES = ("admin", "coder", "viewer")
SESSION_HOURS = 12
#: the shortest password an account may have (the CLI prompt says it)
MIN_PASSWORD = 8
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
    if len(password) < MIN_PASSWORD:
        raise WebError(f"password must have at least {MIN_PASSWORD} characters")


def create_user(store: Store, name: str, role: str, password: str) -> User:
    """Add an account (call inside a write); the password is stored only as a hash. The
    closed account an import made for an adjudicator of that name (no sign-in) opens."""
    from normtrace.coding.exchange.adjudications import CLOSED_ACCOUNT

    check_new_user(name, role, password)
    held = store.conn.execute(
        "SELECT id FROM users WHERE name = ? AND active = 0 AND password_hash = ?",
        (name, CLOSED_ACCOUNT),
    ).fetchone()
    if held is not None:
        store.conn.execute(
            "UPDATE users SET role = ?, password_hash = ?, active = 1 WHERE id = ?",
            (role, hash_password(password), int(held[0])),
        )
        return User(int(held[0]), name, role)
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
    return same_token(csrf_token(secret, session_token), presented)


def same_token(expected: str, presented: str) -> bool:
    """Constant-time comparison of two tokens; any text may be presented (``compare_digest``
    refuses non-ASCII ``str``, which a client controls)."""
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), presented.encode("utf-8", "surrogatepass")
    )


class LoginThrottle:
    """Sign-in limits per client, per client and account, and per account (per process).

    * one client (address) and one account: ``limit`` failures in ``window`` seconds, then
      that client is refused for that account until the window passes;
    * one client, any accounts: ``client_limit`` failures, then that client is refused
      (trying many names from one place);
    * one account, all clients: after ``limit`` failures the account takes at most one
      attempt per ``account_interval`` seconds from clients that have failed on it: a
      pace, not a lockout, so guessing from many places is slowed while the owner,
      signing in from another client, is never refused;
    * at most ``concurrent`` password checks run at once (argon2 takes memory): more
      wait (up to 15 s), then are told to retry.

    A success clears that client's failures for the account. argon2 already makes each
    guess slow. Behind a proxy every client has the proxy's address.
    """

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 600.0,
        client_limit: int = 30,
        account_interval: float = 2.0,
        concurrent: int = 4,
    ) -> None:
        self.limit, self.window = limit, window
        self.client_limit, self.account_interval = client_limit, account_interval
        self._pair: dict[tuple[str, str], list[float]] = {}
        self._client: dict[str, list[float]] = {}
        self._account: dict[str, list[float]] = {}
        self._last_try: dict[str, float] = {}
        self._lock = threading.Lock()
        self.checks = threading.BoundedSemaphore(concurrent)

    def refusal(self, name: str, client: str = "") -> str | None:
        """Why ``client`` may not try ``name`` now, or ``None`` when it may (and is counted)."""
        now = time.monotonic()
        with self._lock:
            pair = self._recent(self._pair, (client, name), now)
            if len(pair) >= self.limit:
                return f"too many failed sign-ins for {name!r} from here; wait 10 minutes"
            if len(self._recent(self._client, client, now)) >= self.client_limit:
                return "too many failed sign-ins from here; wait 10 minutes"
            paced = len(self._recent(self._account, name, now)) >= self.limit and pair
            if paced and now - self._last_try.get(name, -1e9) < self.account_interval:
                return f"many failed sign-ins for {name!r}; try again in a few seconds"
            self._last_try[name] = now
            return None

    def allowed(self, name: str, client: str = "") -> bool:
        """Whether ``client`` may try to sign in as ``name`` now."""
        return self.refusal(name, client) is None

    def failed(self, name: str, client: str = "") -> None:
        """Count a failed attempt."""
        now = time.monotonic()
        with self._lock:
            self._pair.setdefault((client, name), []).append(now)
            self._client.setdefault(client, []).append(now)
            self._account.setdefault(name, []).append(now)
            if len(self._pair) > 100_000:  # bound the memory a flood of names can take
                self._prune(now)

    def succeeded(self, name: str, client: str = "") -> None:
        """Forget this client's failures for ``name``."""
        with self._lock:
            self._pair.pop((client, name), None)

    def _recent(self, table: dict[_K, list[float]], key: _K, now: float) -> list[float]:
        recent = [t for t in table.get(key, []) if now - t < self.window]
        if recent:
            table[key] = recent
        else:
            table.pop(key, None)
        return recent

    def _prune(self, now: float) -> None:
        for pair in list(self._pair):
            self._recent(self._pair, pair, now)
        for client in list(self._client):
            self._recent(self._client, client, now)
        for name in list(self._account):
            self._recent(self._account, name, now)


_K = TypeVar("_K")


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
