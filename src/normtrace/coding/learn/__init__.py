"""Assisted coding: features, training, suggestions, active learning and measured error.

Modules are imported directly (``from normtrace.coding.learn.train import train_model``):
``labels`` (what the human coders said, at a level), ``features`` (word and character
n-grams plus dictionary hits), ``train`` (one calibrated linear classifier per code),
``suggest`` (candidates for every unit not yet human-coded), ``active`` (which units to
code next) and ``validate`` (precision, recall and F1 with 95 % intervals).
"""
