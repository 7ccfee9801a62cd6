-- 0027 (stop 46): the extractor of each reading. A document's version is one reading of a
-- file's bytes: `documents.parser` and `documents.run_id` (its run's normtrace_version) say
-- which parser and release read it, but the extractor (pdf.pdfium.v1, text.v1 ...) was kept on
-- the source row alone, which is the first reading's: `ingest --reparse` (and a file put back)
-- stores a new version read from the same source row, perhaps by another extractor. Each
-- version now records the extractor that read its text.
--
-- Backfill: the first version read from a source row (its lowest id) was read by the source
-- row's extractor (both are written in one transaction). A corpus edition's document row names
-- no source; it was written with its first speech row, read from that speech's source. Other
-- versions (a re-parse, a file put back) stay NULL: their extractor was not recorded. Nothing
-- else is rewritten.
ALTER TABLE documents ADD COLUMN extractor TEXT;
UPDATE documents SET extractor = (SELECT s.extractor FROM sources s WHERE s.id = documents.source_id)
WHERE source_id IS NOT NULL
  AND id = (SELECT MIN(d.id) FROM documents d WHERE d.source_id = documents.source_id);
UPDATE documents SET extractor = (
    SELECT s.extractor FROM speeches sp JOIN sources s ON s.id = sp.source_id
    WHERE sp.document_id = documents.id ORDER BY sp.id LIMIT 1
)
WHERE source_id IS NULL;
