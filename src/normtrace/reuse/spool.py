"""Units spooled to disk for partitioned reuse: random access by number, nothing held in memory.

:class:`UnitSpool` appends units (key, date, order, text, document, edition) to flat files
in a folder: one UTF-8 blob per field with an ``int64`` offset file beside it. Any
process that can see the folder reads unit ``i`` through memory maps, so a worker
aligning a partition loads only the units its pairs name, and the driver never
holds the corpus.

>>> import tempfile
>>> from normtrace.reuse.links import Unit
>>> with tempfile.TemporaryDirectory() as tmp:
...     with UnitSpool.create(tmp) as spool:
...         spool.append([Unit("A/p1", "2001-01-01", 1, "Décide", "A")])
...     SpooledUnits(tmp).unit(0).text
'Décide'
"""

from __future__ import annotations

import hashlib
import mmap
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from normtrace.reuse.links import Unit

FIELDS = ("key", "date", "text", "document", "edition")
_NONE = "\x00"  # a unit without a date (never a valid ISO date)


def document_hash(name: str) -> int:
    """A stable signed 64-bit number for a document name (equal names, equal numbers)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class UnitSpool:
    """Writes units to a spool folder (use :meth:`create` as a context manager)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self._blobs: dict[str, BinaryIO] = {}
        self._offsets: dict[str, BinaryIO] = {}
        self._sizes = dict.fromkeys(FIELDS, 0)
        self._orders: BinaryIO | None = None
        self._docs: BinaryIO | None = None
        self._digest = hashlib.sha256()

    @classmethod
    def create(cls, folder: str | Path) -> UnitSpool:
        """A new, empty spool in ``folder`` (created; files in it are replaced)."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        spool = cls(path)
        for name in FIELDS:
            spool._blobs[name] = (path / f"{name}.bin").open("wb")
            spool._offsets[name] = (path / f"{name}.off").open("wb")
            spool._offsets[name].write(np.zeros(1, "<i8").tobytes())
        spool._orders = (path / "order.i8").open("wb")
        spool._docs = (path / "dochash.i8").open("wb")
        return spool

    def __enter__(self) -> UnitSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for handle in [*self._blobs.values(), *self._offsets.values(), self._orders, self._docs]:
            if handle is not None:
                handle.close()

    def append(self, units: Sequence[Unit]) -> None:
        """Add ``units`` after those already spooled."""
        values = {
            "key": [u.key for u in units],
            "date": [u.date if u.date is not None else _NONE for u in units],
            "text": [u.text for u in units],
            "document": [u.document for u in units],
            "edition": [u.edition for u in units],
        }
        for name, strings in values.items():
            encoded = [s.encode("utf-8") for s in strings]
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
            ends = self._sizes[name] + np.cumsum(lengths)
            self._blobs[name].write(b"".join(encoded))
            self._offsets[name].write(ends.astype("<i8").tobytes())
            self._sizes[name] = int(ends[-1]) if len(ends) else self._sizes[name]
        assert self._orders is not None and self._docs is not None
        self._orders.write(np.array([u.order for u in units], "<i8").tobytes())
        docs = [document_hash(u.document or u.key) for u in units]
        self._docs.write(np.array(docs, "<i8").tobytes())
        for u in units:
            self._digest.update(
                f"{u.key}\x1f{u.date}\x1f{u.order}\x1f{u.document}\x1f{u.edition}\x1f".encode()
            )
            self._digest.update(hashlib.sha256(u.text.encode("utf-8")).digest())
        self.count += len(units)

    @property
    def fingerprint(self) -> str:
        """SHA-256 over every unit spooled so far (keys, dates, orders, documents, editions,
        texts)."""
        return self._digest.hexdigest()


class SpooledUnits:
    """Read access to a spool folder: ``len``, :meth:`unit`, :meth:`units`, document numbers."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._maps: dict[str, mmap.mmap | bytes] = {}
        self._offsets: dict[str, npt.NDArray[np.int64]] = {}
        for name in FIELDS:
            self._offsets[name] = _array(self.folder / f"{name}.off")
            blob = self.folder / f"{name}.bin"
            if blob.stat().st_size:
                with blob.open("rb") as handle:
                    self._maps[name] = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            else:
                self._maps[name] = b""
        self.orders = _array(self.folder / "order.i8")
        self.documents = _array(self.folder / "dochash.i8")

    def __len__(self) -> int:
        return len(self.orders)

    def _string(self, name: str, i: int) -> str:
        off = self._offsets[name]
        return self._maps[name][int(off[i]) : int(off[i + 1])].decode("utf-8")

    def unit(self, i: int) -> Unit:
        """Unit number ``i`` (0-based, in spool order)."""
        date = self._string("date", i)
        return Unit(
            self._string("key", i),
            None if date == _NONE else date,
            int(self.orders[i]),
            self._string("text", i),
            self._string("document", i),
            self._string("edition", i),
        )

    def key(self, i: int) -> str:
        """Key of unit ``i`` (its text is not read: mapped pages count as resident)."""
        return self._string("key", i)

    def document(self, i: int) -> str:
        """Document of unit ``i``."""
        return self._string("document", i)

    def edition(self, i: int) -> str:
        """Edition of unit ``i`` (``record`` | ``corpus``)."""
        return self._string("edition", i)

    def date(self, i: int) -> str | None:
        """Date of unit ``i`` (None: undated)."""
        date = self._string("date", i)
        return None if date == _NONE else date

    def units(self, start: int, stop: int) -> Iterator[Unit]:
        """Units ``start`` .. ``stop - 1``."""
        return (self.unit(i) for i in range(start, min(stop, len(self))))

    @property
    def text_bytes(self) -> int:
        """Bytes of all spooled text (UTF-8)."""
        return int(self._offsets["text"][-1])

    def text_lengths(self, units: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Bytes of each listed unit's text (UTF-8): their weight in a memory budget."""
        off = self._offsets["text"]
        return (off[units + 1] - off[units]).astype(np.int64)


def _array(path: Path) -> npt.NDArray[np.int64]:
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=np.int64)
    # a plain ndarray view: indexing a memmap subclass costs ten times more per item
    return np.memmap(path, dtype="<i8", mode="r").view(np.ndarray)
