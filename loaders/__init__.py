"""Loaders: validated pipelines that read files and write them in one transaction."""
