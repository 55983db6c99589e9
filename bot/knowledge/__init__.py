"""The knowledge base: municipality profiles, national lines, rights, advice and replies.

Import from the submodules (``bot.knowledge.loader``, ``.advice``, ``.texts``,
``.schema``); nothing here reads a file at import time.
"""
