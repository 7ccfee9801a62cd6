"""Speech files of the UN Security Council Debates corpus (one speech per file).

* :mod:`~normtrace.parse.corpus.parser` — :func:`parse_corpus_speech`; the speaker header
  before the first colon is split by :mod:`normtrace.parse.speakers`
"""

from normtrace.parse.corpus.parser import PARSER, parse_corpus_speech

__all__ = ["PARSER", "parse_corpus_speech"]
