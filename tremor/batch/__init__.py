"""Batch analysis: many files, long files read block by block, the Dask engine."""
