"""Parsing: text → normalized text → documents and units with stable keys (no database)."""
