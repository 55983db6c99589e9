"""Swedish language processing: a spaCy pipeline built from installed data, lexicon, safety net."""
