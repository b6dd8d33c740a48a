"""Write a printed report as a PDF.

python -m atlas.reports district --district-id N --lang hi|en --out FILE.pdf
python -m atlas.reports state --state-code 10 --lang hi|en --out FILE.pdf
python -m atlas.reports department --department police --state-code 10 --lang hi|en --out FILE.pdf

Runs as the database owner (an operator's command, like ``atlas.users``); the district and state reports hold
aggregates only; the department's daily list names the people it must act on, and says for whom it was printed.
Each one written is recorded in the audit log under the operating-system user who ran it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError

from atlas.db import default_engine
from atlas.errors import AtlasError
from atlas.queries import access
from atlas.reports import department_list, district_report, state_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas.reports", description=__doc__.splitlines()[0])
    kinds = parser.add_subparsers(dest="kind", required=True)
    district = kinds.add_parser("district", help="one home district")
    district.add_argument("--district-id", type=int, required=True)
    state = kinds.add_parser("state", help="a state, every district ranked")
    state.add_argument("--state-code", required=True)
    department = kinds.add_parser("department", help="a department's daily list of open complaints (personal data)")
    department.add_argument("--department", required=True)
    department.add_argument("--state-code", required=True)
    for sub in (district, state, department):
        sub.add_argument("--lang", choices=("en", "hi"), default="en")
        sub.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        pdf, target = _write(args)
    except AtlasError as error:
        print(f"atlas.reports: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        print(
            f"atlas.reports: cannot reach the database ({error.orig}). Start it with `make db-start`.", file=sys.stderr
        )
        return 2
    args.out.write_bytes(pdf)
    print(f"{target}: {args.out} ({len(pdf) // 1024} KB)")
    return 0


def _write(args: argparse.Namespace) -> tuple[bytes, str]:
    engine = default_engine()
    with engine.begin() as connection:
        username = f"cli:{getpass.getuser()}"
        if args.kind == "district":
            pdf, target = district_report(connection, args.district_id, args.lang), f"district:{args.district_id}"
        elif args.kind == "state":
            pdf, target = state_report(connection, args.state_code, args.lang), f"state:{args.state_code}"
        else:
            pdf = department_list(connection, args.department, args.state_code, args.lang, printed_by=username)
            target = f"department:{args.department}:{args.state_code}"
        details = {"lang": args.lang, "bytes": len(pdf), "file": str(args.out)}
        access.audit(connection, user_id=None, username=username, action="report", target=target, details=details)
    return pdf, target


if __name__ == "__main__":
    sys.exit(main())
