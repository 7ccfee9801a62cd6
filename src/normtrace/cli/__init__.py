"""normtrace.cli."""
