"""SYNTHETIC PDFs built by hand for the extraction tests: Helvetica text lines at given
positions, no UN document's bytes.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so a test imports this as
``from synthetic_pdf import text_pdf``.
"""

from __future__ import annotations


def synthetic_pdf(objects: list[str], trailer_extra: str = "") -> bytes:
    """Build a tiny PDF by hand (SYNTHETIC test data, not a UN document)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


def text_pdf(pages: list[list[tuple[int, int, str, int]]]) -> bytes:
    """SYNTHETIC PDF with Helvetica text lines at given positions: (x, y, text, size)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        stream = "".join(
            f"BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n" for x, y, text, size in lines
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    )
    return synthetic_pdf(objects)
