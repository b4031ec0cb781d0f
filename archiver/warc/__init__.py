"""Web archives in and out: scan WARC collections for posts (on Dask), archive articles
from captures, export the archive as WARC.

- `read`: the records of a WARC or ARC file as `Capture`s, each classified (a page, or why
  it is skipped);
- `scan`: one Parquet part of posts per input file, run in this process, on a local
  Dask cluster or on an existing one;
- `cli`: the commands, registered on the main CLI.

They need the `scan` extra (`pip install 'x-post-archiver[scan]'`).

The reader: FastWARC for WARC files, warcio for ARC files. Measured on the same files
(a 200 MB gzipped WARC of 5,543 corpus pages, 11,087 records; the same pages as a 200 MB
uncompressed WARC), reading every record's WARC headers and every response's HTTP head
and payload, best of three on one core: FastWARC 2.0.1 1.05 s gzipped (10,500 records/s,
190 MB/s of gzip) and 0.04 s uncompressed; warcio 1.8.1 2.65 s gzipped (4,200 records/s,
76 MB/s) and 0.13 s uncompressed — FastWARC 2.5x faster on gzip, where a crawl's time
goes, 3x uncompressed, with less memory (19 against 28 MB resident). FastWARC reads no
ARC, so an ARC file (found by its `filedesc://` first line) is read with warcio, which
also writes the WARC files of `export-warc`. bench/scan.py measures it again.
"""
