"""Personal data kept to the minimum: masking identifiers in free text and log lines.

:mod:`bot.privacy.masking` finds personnummer, samordningsnummer, phone numbers,
e-mail addresses and street addresses in text and puts Swedish placeholders in
their place; :mod:`bot.privacy.logs` applies it to every log record of a process.
The package sits low in the layers (next to :mod:`bot.nlp`), so Rasa's tracker-store
patch (:mod:`bot.rasa_patches.masked_store`), the case transcript
(:mod:`bot.callbacks.transcript`) and the web app all mask the same way.
"""
