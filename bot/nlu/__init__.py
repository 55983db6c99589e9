"""Custom Rasa graph components; they import Rasa, nothing else in bot/ does."""
