"""``python -m bench ingest [--rows N] [--keep]``: time the loaders on a synthetic survey."""

from __future__ import annotations

import sys

from bench.ingest import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
