"""A worker's rights over their data (DPDP Act 2023 and its 2025 Rules), exercised by an administrator.

python -m atlas.rights record WORKER_ID --by USERNAME [--out FILE]   # everything held about them, as JSON
python -m atlas.rights correct WORKER_ID --by USERNAME --set FIELD=VALUE [--set ...] [--reason TEXT]
python -m atlas.rights erase WORKER_ID --by USERNAME --yes          # remove what identifies them, everywhere

``--by`` names the administrator acting on the request: a state administrator, for people whose home is
in their state. Every action is audited with who acted, on whom and which fields, never with the data
itself. An erasure keeps the row, stripped of everything that identifies the person (``atlas.queries.rights``),
so counts stay consistent; it also clears their phone and UAN from the loaders' CSV reports. Corrections and
erasures update the dashboard's rollups in their own transaction (``atlas.queries.rollups.rollup_changes``).
Backups keep erased data until they age out (README, "Backups").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from atlas.db import default_engine
from atlas.errors import AtlasError
from atlas.queries import access
from atlas.queries import rights as q
from atlas.queries.rollups import rollup_changes
from atlas.settings import settings
from geo.normalize import normalise_name


class NotPermitted(AtlasError):
    """The user may not act on this person's data."""


def administrator(connection: Connection, user_id: int, worker_id: int) -> str:
    """The username of ``user_id`` if they may act for ``worker_id``: an active state administrator of the
    person's home state. Raises ``NotPermitted`` otherwise (also when there is no such person)."""
    username = q.administrator_name(connection, user_id, worker_id)
    if username is None:
        raise NotPermitted(
            f"user {user_id} may not act on worker {worker_id}: a state administrator of the worker's home "
            "state handles requests about their data"
        )
    return username


def _audit(connection: Connection, user_id: int, username: str, action: str, worker_id: int, **details: Any) -> None:
    access.audit(connection, user_id=user_id, username=username, action=action, target=f"worker:{worker_id}",
                 details=details)  # fmt: skip


def record(connection: Connection, worker_id: int, *, user_id: int, audited: bool = True) -> dict[str, Any]:
    """Everything held about the person (``queries.rights.person_record``); audited as ``record`` when opened
    (``audited``), not again when a page that shows it runs once more."""
    username = administrator(connection, user_id, worker_id)
    found = q.person_record(connection, worker_id)
    assert found is not None  # the administrator check found the worker
    if audited:
        _audit(connection, user_id, username, "record", worker_id, sections=sorted(found))
    return found


def correct(connection: Connection, worker_id: int, changes: Mapping[str, str | None], *, user_id: int,
            reason: str | None = None) -> list[str]:  # fmt: skip
    """Correct fields, each change recorded in ``worker_corrections``; audited as ``correct`` with the
    names of the fields that changed."""
    username = administrator(connection, user_id, worker_id)
    if q.erased_at(connection, worker_id) is not None:
        raise NotPermitted(f"worker {worker_id} was erased; there is nothing left to correct")
    with rollup_changes(connection, [worker_id]):
        changed = q.correct(connection, worker_id, changes, user_id=user_id, reason=reason)
        if "name" in changed:
            name = q.worker_name(connection, worker_id)
            q.set_name_key(connection, worker_id, normalise_name(str(name)))
    _audit(connection, user_id, username, "correct", worker_id, fields=changed)
    return changed


def erase(connection: Connection, worker_id: int, *, user_id: int) -> dict[str, int]:
    """Erase the person's data everywhere (``queries.rights.erase``) and from the loaders' reports;
    audited as ``erase`` with the rows changed per table. The rollups keep counting the person (by home block,
    destination, skill and gender); a hexagon moves with their point."""
    username = administrator(connection, user_id, worker_id)
    found = q.identifiers(connection, worker_id)
    if found.get("erased_at") is not None:
        raise NotPermitted(f"worker {worker_id} was already erased")
    with rollup_changes(connection, [worker_id]):
        counts = q.erase(connection, worker_id)
    counts["report_lines"] = scrub_reports([found.get("phone"), found.get("phone_alt"), found.get("uan")])
    _audit(connection, user_id, username, "erase", worker_id, rows=counts)
    return counts


def scrub_reports(identifiers: list[str | None], folder: Path | None = None) -> int:
    """Blank the message of every row of the loaders' CSV reports that holds one of ``identifiers``
    (a phone or a UAN, as the bad-value messages quote them); returns the rows changed."""
    wanted = [i for i in identifiers if i]
    changed = 0
    for report in sorted(Path(folder or settings.report_dir).glob("*.csv")) if wanted else []:
        with report.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        hits = [
            row for row in rows[1:] if any(i in "".join(c for c in cell if c.isdigit()) for cell in row for i in wanted)
        ]
        if not hits:
            continue
        for row in hits:
            row[-1] = "[erased]"
        with report.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
        changed += len(hits)
    return changed


def _user_id(connection: Connection, username: str) -> int:
    user = access.user_by_name(connection, username)
    if user is None:
        raise NotPermitted(f"no user named {username!r}")
    return int(user["user_id"])


def _run(args: argparse.Namespace) -> None:
    with default_engine().begin() as connection:
        user_id = _user_id(connection, args.by)
        if args.command == "record":
            found = json.dumps(record(connection, args.worker_id, user_id=user_id), ensure_ascii=False, indent=2)
            if args.out:
                descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.fchmod(descriptor, 0o600)
                with open(descriptor, "w", encoding="utf-8") as handle:
                    handle.write(found + "\n")
                print(f"the record of worker {args.worker_id} is in {args.out} (readable by you only)")
            else:
                print(found)
        elif args.command == "correct":
            changes = dict(_field_value(pair) for pair in args.set)
            changed = correct(connection, args.worker_id, changes, user_id=user_id, reason=args.reason)
            print(f"worker {args.worker_id}: corrected {', '.join(changed) or 'nothing (the values were the same)'}")
        else:
            if not args.yes:
                raise NotPermitted("erasure cannot be undone: repeat the command with --yes")
            counts = erase(connection, args.worker_id, user_id=user_id)
            print(f"worker {args.worker_id} erased: " + ", ".join(f"{t} {n}" for t, n in counts.items() if n))


def _field_value(pair: str) -> tuple[str, str]:
    field, separator, value = pair.partition("=")
    if not separator:
        raise ValueError(f"--set takes FIELD=VALUE, not {pair!r}")
    return field.strip(), value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas.rights", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("record", "everything held about a person, as JSON"),
                            ("correct", "correct fields of a person's record"),
                            ("erase", "erase a person's data everywhere")):  # fmt: skip
        command = commands.add_parser(name, help=help_text)
        command.add_argument("worker_id", type=int)
        command.add_argument("--by", required=True, help="username of the administrator acting on the request")
        if name == "record":
            command.add_argument("--out", default=None, help="write the JSON to this file (mode 0600)")
        if name == "correct":
            command.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                                 help=f"one of: {', '.join(q.CORRECTABLE)}")  # fmt: skip
            command.add_argument("--reason", default=None)
        if name == "erase":
            command.add_argument("--yes", action="store_true", help="confirm: an erasure cannot be undone")
    args = parser.parse_args(argv)
    try:
        _run(args)
    except (AtlasError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
