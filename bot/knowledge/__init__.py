"""The knowledge base: municipality profiles, national lines, rights, routing advice, the situation.

Import from the submodules (``bot.knowledge.loader``, ``.advice``, ``.schema``,
``.access``, ``.situation``); nothing here reads a file at import time.
"""
