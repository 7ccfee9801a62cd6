"""normtrace.trace."""
