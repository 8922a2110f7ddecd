from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The believable demo world behind `manage.py seed_demo` (no models)."""

    name = "demo"
