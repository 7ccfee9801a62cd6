"""normtrace.coding."""
