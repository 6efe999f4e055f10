"""The archive workflow around the engine: file formats (text, ALTO, hOCR, PAGE), batches
of files on every core or a cluster, and the review report. It uses only the public API
(:mod:`svfix`)."""
