"""``python -m normtrace``."""

from normtrace.cli import main

main()
