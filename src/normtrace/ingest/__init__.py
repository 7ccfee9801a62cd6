"""normtrace.ingest."""
