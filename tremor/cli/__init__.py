"""The command line: `tremor analyze`, `history`, `scan`, `live`, `emulate`."""
