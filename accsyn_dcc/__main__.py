"""``python -m accsyn_dcc`` runs the CLI."""

from __future__ import annotations

import sys

from accsyn_dcc.core.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
