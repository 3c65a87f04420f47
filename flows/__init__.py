"""Prefect flows (thin: they call the libraries) and the `claimwatch` CLI."""
