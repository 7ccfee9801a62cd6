-- 0025 (stop 44): the documents and speeches read from a source, found by an index. Ingesting
-- a folder again asks, for every unchanged file, whether it was edited since and is now back
-- (store.writer.reverted: the rows its source holds, then the current rows of their
-- documents); without these indexes each file scanned the whole documents and speeches
-- tables, and ingesting ../shared a second time (3,547 files, nothing new) took 10 s of CPU
-- in those two queries alone. Nothing is written to existing rows.
CREATE INDEX documents_source ON documents(source_id);
CREATE INDEX speeches_source ON speeches(source_id);
