"""The project's simulator of labelled sessions and its validation helpers."""
