"""Batch jobs: folders of articles translated here (``local``) or on a Ray cluster (``ray``)."""

# Formats only a Ray job writes (one record per article, written by the workers);
# named here so the command line can offer them without importing Ray's module.
RAY_FORMATS = ("jsonl", "parquet")
