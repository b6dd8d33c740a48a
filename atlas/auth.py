"""Who is asking: passwords, login with lockout, and the scope each role may see.

Passwords are hashed with Argon2 (argon2-cffi). The scope travels to PostgreSQL with each
transaction (``atlas.queries.access.set_scope``), where row-level security enforces it; the
UI's own checks are only a convenience.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection

from atlas.models import ROLES
from atlas.queries import access
from atlas.settings import settings

_hasher = PasswordHasher()

# Pages each role may open (the database decides which rows they see on them).
PAGES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "state_admin": (
        "overview",
        "returnees",
        "district",
        "skills",
        "complaints",
        "call-centre",
        "drives",
        "data",
        "rights",
        "about",
    ),
    "district_officer": ("overview", "returnees", "district", "skills", "complaints", "drives", "data", "about"),
    "planner": ("overview", "returnees", "skills", "drives", "about"),
    "call_agent": ("call-centre", "about"),
    "auditor": ("audit", "about"),
    "department": ("inbox", "about"),
}
EXPORT_ROLES = ("state_admin", "district_officer", "planner")


@dataclass(frozen=True)
class Scope:
    """A signed-in user as row-level security sees them. Hashable, so it can key caches."""

    user_id: int
    username: str
    role: str
    state_code: str | None
    district_id: int | None
    #: The page this user's job starts on, when it is not their role's first page.
    home_page: str | None = None
    #: A department user's department: the complaints routed to it in ``state_code`` are theirs.
    department: str | None = None

    def as_settings(self) -> dict[str, object]:
        return asdict(self)

    def may_open(self, page: str) -> bool:
        return page in PAGES_BY_ROLE.get(self.role, ())

    @property
    def landing_page(self) -> str:
        """The page the user opens on: their own home page if their role may open it, else the role's first."""
        if self.home_page and self.may_open(self.home_page):
            return self.home_page
        return PAGES_BY_ROLE.get(self.role, ("about",))[0]

    @property
    def may_export(self) -> bool:
        return self.role in EXPORT_ROLES


@dataclass(frozen=True)
class LoginResult:
    scope: Scope | None
    reason: str | None = None  # "bad_credentials" | "locked" | "inactive"


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return _hasher.hash(password)


def _password_matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def login(connection: Connection, username: str, password: str) -> LoginResult:
    """Check a password, count failures, lock after ``settings.max_failed_logins``; audit either way."""
    user = access.user_by_name(connection, username.strip())
    if user is None:
        access.audit(
            connection, user_id=None, username=username[:100], action="login_failed", details={"reason": "unknown user"}
        )
        return LoginResult(None, "bad_credentials")
    if not user["is_active"]:
        return _refuse(connection, user, "inactive")
    locked_until: datetime | None = user["locked_until"]
    if locked_until is not None and locked_until > user["now"]:
        return _refuse(connection, user, "locked")
    if not _password_matches(user["password_hash"], password):
        locked = access.record_failed_login(
            connection, user["user_id"], max_failures=settings.max_failed_logins, lock_minutes=settings.lockout_minutes
        )
        return _refuse(connection, user, "locked" if locked else "bad_credentials")
    access.record_successful_login(connection, user["user_id"])
    scope = Scope(
        user["user_id"],
        user["username"],
        user["role"],
        user["scope_state_code"],
        user["scope_district_id"],
        user["home_page"],
        user["department"],
    )
    access.audit(
        connection, user_id=scope.user_id, username=scope.username, action="login", details={"role": scope.role}
    )
    return LoginResult(scope)


def _refuse(connection: Connection, user: dict[str, object], reason: str) -> LoginResult:
    access.audit(
        connection,
        user_id=int(str(user["user_id"])),
        username=str(user["username"]),
        action="login_failed",
        details={"reason": reason},
    )
    return LoginResult(None, reason)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    return role
