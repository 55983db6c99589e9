"""The web app: public chat page, staff dashboard and JSON API (see :mod:`bot.web.app`)."""
