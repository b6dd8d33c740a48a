"""User administration from the command line (runs as the database owner, never as the app).

python -m atlas.users create USERNAME --role ROLE [--state 10] [--district NAME] [--full-name TEXT]
                                      [--home-page drives] [--department police] [--password-stdin]
python -m atlas.users demo              # one user per role, for the demo (README lists them)
python -m atlas.users purge             # apply the retention settings (daily): rejected rows, loader reports,
                                        # call records (purge-rejected is the same command's older name)
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

from atlas.auth import check_role, hash_password
from atlas.db import default_engine
from atlas.errors import AtlasError
from atlas.queries import access
from atlas.settings import settings

# Demo accounts only: `make run` creates them so each role can be tried. Never use these in production.
# (username, full name, role, state, district, the page their job starts on)
DEMO_USERS = (
    ("minister", "Minister's office, Bihar (demo)", "state_admin", "10", None, None),
    ("haryana.drive", "e-Shram drive coordinator, Haryana (demo)", "state_admin", "06", None, "drives"),
    ("siwan.do", "District officer, Siwan (demo)", "district_officer", "10", "Siwan", "district"),
    ("planner", "Skilling planner (demo)", "planner", "10", None, None),
    ("agent", "Call-centre agent (demo)", "call_agent", "10", None, None),
    ("auditor", "Auditor (demo)", "auditor", "10", None, None),
)
# Department users of the demo: (username, full name, state, department); their role is ``department``.
DEMO_DEPARTMENTS = (
    ("bihar.labour", "Labour department at the destination, Bihar's cell (demo)", "10", "labour_destination"),
    ("bihar.police", "Police liaison, Bihar (demo)", "10", "police"),
)
DEMO_PASSWORD = "shramik-demo-2026"


def create(  # noqa: PLR0913 - every field of a user is keyword-only and named
    username: str,
    *,
    role: str,
    state: str | None,
    district: str | None,
    full_name: str,
    password: str,
    home_page: str | None = None,
    department: str | None = None,
) -> int:
    with default_engine().begin() as connection:
        district_id = None
        if district:
            district_id = access.district_by_name(connection, state or "10", district)
            if district_id is None:
                raise AtlasError(f"no district named {district!r} in state {state}")
        if check_role(role) == "district_officer" and district_id is None:
            raise AtlasError("a district officer needs --district")
        if (role == "department") != (department is not None):
            raise AtlasError("a department user needs --department, and only a department user has one")
        return access.create_user(
            connection,
            {
                "username": username,
                "full_name": full_name,
                "password_hash": hash_password(password),
                "role": role,
                "state_code": state,
                "district_id": district_id,
                "home_page": home_page,
                "department": department,
            },
        )


def _create(args: argparse.Namespace) -> None:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    user_id = create(
        args.username,
        role=args.role,
        state=args.state,
        district=args.district,
        full_name=args.full_name or args.username,
        password=password,
        home_page=args.home_page,
        department=args.department,
    )
    print(f"user {args.username} ({args.role}) saved as id {user_id}")


def _demo(_args: argparse.Namespace) -> None:
    for username, full_name, role, state, district, home_page in DEMO_USERS:
        create(
            username,
            role=role,
            state=state,
            district=district,
            full_name=full_name,
            password=DEMO_PASSWORD,
            home_page=home_page,
        )
    for username, full_name, state, department in DEMO_DEPARTMENTS:
        create(username, role="department", state=state, district=None, full_name=full_name,
               password=DEMO_PASSWORD, department=department)  # fmt: skip
    names = [u[0] for u in DEMO_USERS] + [d[0] for d in DEMO_DEPARTMENTS]
    print(f"demo users: {', '.join(names)} (password {DEMO_PASSWORD})")


def purge() -> dict[str, int]:
    """Apply the retention settings: rejected rows and the loaders' reports past
    ``settings.rejected_row_retention_days``, call records past ``settings.call_record_retention_days``."""
    with default_engine().begin() as connection:
        rejected = access.purge_rejected_rows(connection, older_than_days=settings.rejected_row_retention_days)
        calls = access.purge_call_records(connection, older_than_days=settings.call_record_retention_days)
    return {"rejected rows": rejected, "reports": _purge_reports(), "call records": calls}


def _purge_reports() -> int:
    cutoff = time.time() - settings.rejected_row_retention_days * 86400
    old = [p for p in Path(settings.report_dir).glob("*.csv") if p.stat().st_mtime < cutoff]
    for report in old:
        report.unlink()
    return len(old)


def _purge(_args: argparse.Namespace) -> None:
    gone = purge()
    print(
        f"purged {gone['rejected rows']} rejected rows and {gone['reports']} loader reports older than "
        f"{settings.rejected_row_retention_days} days, {gone['call records']} call records older than "
        f"{settings.call_record_retention_days} days"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas.users")
    commands = parser.add_subparsers(dest="command", required=True)
    create_cmd = commands.add_parser("create", help="create or update a user")
    create_cmd.add_argument("username")
    create_cmd.add_argument("--role", required=True)
    create_cmd.add_argument("--state", default="10", help="Census state code of the user's scope")
    create_cmd.add_argument("--district", default=None, help="district name, for a district officer")
    create_cmd.add_argument("--full-name", default=None)
    create_cmd.add_argument("--home-page", default=None, help="the page the user opens on (e.g. drives)")
    create_cmd.add_argument("--department", default=None, help="for a department user: labour_home, police, ...")
    create_cmd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create_cmd.set_defaults(run=_create)
    commands.add_parser("demo", help="create one demo user per role").set_defaults(run=_demo)
    for name in ("purge", "purge-rejected"):
        commands.add_parser(
            name, help="apply the retention settings (rejected rows, reports, call records)"
        ).set_defaults(run=_purge)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (AtlasError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
