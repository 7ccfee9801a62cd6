"""normtrace.report."""
