"""The window's building blocks; each is a small widget fed with plain model results."""
