"""Normalize names of states, organisations and people for matching.

The record spells the same actor many ways: case (``United Kingdom Of Great
Britain``), diacritics (``Hervé``/``Herve``), OCR line-break hyphens
(``Jean- Pierre``, ``Secretary- General``), ``United Nations``/``UN``, a leading
``the``. :func:`normalize_name` maps them to one key; :func:`strip_honorifics`
removes forms of address (``Mr.``, ``Her Excellency``, ``General``).

>>> normalize_name("The  United Nations Office on Drugs and Crime")
'un office on drugs and crime'
>>> person_key("Mr. Jean- Pierre Lacroix")
'jean pierre lacroix'
"""

from __future__ import annotations

import re
import unicodedata

_HONORIFICS = (
    "his excellency",
    "her excellency",
    "his royal highness",
    "her royal highness",
    "his majesty",
    "her majesty",
    "excellency",
    "mr",
    "mrs",
    "ms",
    "miss",
    "madam",
    "madame",
    "dr",
    "sir",
    "dame",
    "lord",
    "baroness",
    "prof",
    "professor",
    "general",
    "lieutenant general",
    "major general",
    "brigadier general",
    "ambassador",
    "dato",
    "datuk",
    "sheikh",
    "prince",
    "princess",
    "king",
    "queen",
    "president",
    "archbishop",
    "cardinal",
    "monsignor",
)
_HONORIFIC_RX = re.compile(
    r"^(?:(?:" + "|".join(sorted(_HONORIFICS, key=len, reverse=True)) + r")\b\.?\s*)+"
)
_LINEBREAK_HYPHEN = re.compile(r"(\w)-\s+(\w)")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Strip diacritics and case-fold (``Hervé`` → ``herve``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def join_hyphens(text: str) -> str:
    """Undo OCR line-break hyphenation: ``Jean- Pierre`` → ``Jean-Pierre``."""
    return _LINEBREAK_HYPHEN.sub(r"\1-\2", text)


def normalize_name(text: str) -> str:
    """A matching key: folded, punctuation to spaces, ``United Nations`` → ``un``, no ``the``.

    >>> normalize_name("Côte d'Ivoire") == normalize_name("Cote D'ivoire")
    True
    """
    key = _NON_WORD.sub(" ", fold(join_hyphens(text).replace("’", "'").replace("'", ""))).strip()
    key = re.sub(r"\bunited nations\b", "un", key)
    key = re.sub(r"\bco operation\b", "cooperation", key)
    return re.sub(r"^the ", "", key)


def strip_honorifics(text: str) -> str:
    """Remove leading forms of address (``Her Excellency Ms.``, ``General``, ``Dato``)."""
    key = _NON_WORD.sub(" ", fold(join_hyphens(text))).strip()
    return _HONORIFIC_RX.sub("", key + " ").strip()


def person_key(text: str) -> str:
    """A matching key for a person's name: honorifics removed, then normalized."""
    return normalize_name(strip_honorifics(text))


def name_suffixes(key: str) -> list[str]:
    """Every trailing run of words of ``key`` (``a b c`` → ``a b c``, ``b c``, ``c``)."""
    words = key.split()
    return [" ".join(words[i:]) for i in range(len(words))]
