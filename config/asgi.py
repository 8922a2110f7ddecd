import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()

# Load the parser's lexicon and gazetteer now, not on the first customer's request.
from intents.parsing import warm_up  # noqa: E402 - needs the app registry ready

warm_up()
