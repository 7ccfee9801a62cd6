"""normtrace.web."""
