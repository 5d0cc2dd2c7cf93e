"""Pure computation: numpy and scipy only (filters, spectra, features, twitches, sampling, sets, labels, causes, the pipeline and the live state object)."""
