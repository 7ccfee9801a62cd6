"""normtrace.reuse."""
