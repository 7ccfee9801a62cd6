"""normtrace.actors."""
