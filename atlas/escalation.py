"""Escalate complaints past a deadline to the state nodal officer (run it every 15 minutes, e.g. from cron).

python -m atlas.escalation

Runs as the database owner. Each complaint is escalated once per missed deadline (routing 12 h, emergency first
action 24 h, resolution 21 days), with an event in its timeline; a second run adds nothing.
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError

from atlas.db import default_engine
from atlas.numbers import grouped
from atlas.queries import complaints


def main() -> int:
    try:
        with default_engine().begin() as connection:
            escalated = complaints.escalate_overdue(connection)
    except OperationalError as error:
        print(f"atlas.escalation: cannot reach the database ({error.orig}).", file=sys.stderr)
        return 2
    print(f"escalated {grouped(escalated)} complaints to the state nodal officer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
