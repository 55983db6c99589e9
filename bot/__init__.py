"""Anhöriglotsen: the application package (knowledge, NLU components, routing, storage, web)."""
