"""normtrace.store."""
