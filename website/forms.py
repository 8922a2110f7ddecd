"""The website's forms. They render fields and collect what was typed; the rules (and the
messages) are the API serializers', run from `clean()` and mapped onto the fields, so a
rule is written once whichever way a customer comes in."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.models import User
from accounts.serializers import MeSerializer, RegisterSerializer
from core.timezones import zone_or_none
from intents.models import Category, Intent, Term
from intents.parsing import parse_intent_text
from intents.serializers import IntentCreateSerializer
from website.models import SavedPlace

TEXT_MAX = 1000
CURRENCIES = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY"]
RADII_KM = ["1", "2", "5", "10", "25", "50", "100"]

# The disclosure choices in plain words: what a vendor learns of where the customer is.
DISCLOSURE_HELP = {
    Intent.Disclosure.EXACT: (
        "Exact spot",
        "Vendors see exactly where you are. Useful for a delivery to your door.",
    ),
    Intent.Disclosure.APPROXIMATE: (
        "About 1 km",
        "Vendors see a point within about a kilometre of you; your street stays private.",
    ),
    Intent.Disclosure.AREA: (
        "About 5 km",
        "Vendors see only the neighbourhood or town. The most private; distances are rougher.",
    ),
}

# The API tells a program to "send lat and lng"; a person is told what to do instead.
WHERE_MISSING = "Say where: use your location, type a city, or name a place in what you need."


def serializer_errors(form: forms.Form, errors: dict, field_map: dict[str, str]) -> None:
    """Put a DRF serializer's errors on the form: each on the field it is about (via
    `field_map` for names that differ), the rest at the top of the form."""
    for name, messages in errors.items():
        field = field_map.get(name, name)
        for message in _flat(messages):
            form.add_error(field if field in form.fields else None, message)


def _flat(messages) -> list[str]:
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flat(value)]
    if isinstance(messages, list | tuple):
        return [m for value in messages for m in _flat(value)]
    return [str(messages)]


class _SerializerRequest:
    """What a DRF serializer reads from its context's request: the user."""

    def __init__(self, user):
        self.user = user


# --- Accounts -------------------------------------------------------------------------
class SignUpForm(forms.Form):
    # Not `required` here: the serializer says what is missing, once, in the API's words.
    name = forms.CharField(
        required=False,
        label="Your name",
        help_text="Vendors never see it unless you accept their offer.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 120, "required": True}),
    )
    email = forms.CharField(
        required=False,
        label="Email",
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "maxlength": 254, "required": True}
        ),
    )
    password = forms.CharField(
        required=False,
        label="Password",
        help_text="At least 8 characters; not just numbers, not a common password.",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password", "maxlength": 128, "required": True}
        ),
    )
    tz = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-tz": True}))

    def clean(self):
        data = {
            "name": self.data.get("name", ""),
            "email": self.data.get("email", ""),
            "password": self.data.get("password", ""),
            "role": User.Role.CUSTOMER,
        }
        incoming = RegisterSerializer(data=data)
        if not incoming.is_valid():
            serializer_errors(self, incoming.errors, {"role": "__all__"})
            return self.cleaned_data
        self.registration = incoming.validated_data
        self.time_zone = self.cleaned_data.get("tz") if zone_or_none(self.data.get("tz")) else None
        return self.cleaned_data


# --- Intents --------------------------------------------------------------------------
def category_choices() -> list:
    groups: dict[str, list] = {}
    for category in Category.objects.active().select_related("group"):
        groups.setdefault(category.group.name, []).append((category.slug, category.name))
    return [("", "Read it from my words"), *groups.items()]


def place_from_city(city: str):
    """The gazetteer's best guess for a typed city (the parser's own place reader)."""
    now = timezone.now()
    return parse_intent_text(f"in {city}", now=now, tz=timezone.get_default_timezone()).place


class IntentForm(forms.Form):
    """Posting an intent. Blank structured fields mean "read it from my words"."""

    WHERE_CHOICES = [
        ("here", "Near me"),
        ("city", "In a city or town"),
        ("saved", "My saved place"),
    ]

    text = forms.CharField(
        required=False,  # the serializer says so when it is missing
        label="What do you need?",
        help_text="Say it as you would to a friend: what, when, how many, your budget.",
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": TEXT_MAX, "autocomplete": "off", "required": True}
        ),
    )
    category = forms.CharField(required=False, label="Category", widget=forms.Select)
    starts_at = forms.CharField(
        required=False,
        label="From",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.CharField(
        required=False,
        label="Until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    budget_max = forms.CharField(
        required=False,
        label="Budget, at most",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 16}),
    )
    currency = forms.CharField(
        required=False,
        label="Currency",
        widget=forms.Select(choices=[("", "From my words"), *[(c, c) for c in CURRENCIES]]),
    )
    quantity = forms.CharField(
        required=False,
        label="How many (people or items)",
        widget=forms.NumberInput(attrs={"min": 1, "max": 10000}),
    )
    where = forms.ChoiceField(
        label="Where?", choices=WHERE_CHOICES, widget=forms.RadioSelect, initial="here"
    )
    lat = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-lat": True}))
    lng = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-lng": True}))
    city = forms.CharField(
        required=False,
        max_length=120,
        label="City or town",
        widget=forms.TextInput(attrs={"maxlength": 120, "autocomplete": "address-level2"}),
    )
    remember_place = forms.BooleanField(required=False, label="Remember this as my saved place")
    radius_km = forms.CharField(
        required=False,
        label="How far vendors may be",
        widget=forms.Select(
            choices=[("", "About 10 km (usual)"), *[(r, f"Up to {r} km") for r in RADII_KM]]
        ),
    )
    disclosure = forms.CharField(
        required=False,
        label="How precisely vendors see where you are",
        initial=Intent.Disclosure.APPROXIMATE,
        widget=forms.RadioSelect(choices=Intent.Disclosure.choices),
    )
    max_offers = forms.CharField(
        required=False,
        label="Most offers you want",
        help_text="Beckon stops taking offers once you have this many.",
        initial=5,
        widget=forms.NumberInput(attrs={"min": 1, "max": 20}),
    )
    tz = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"data-browser-tz": True}))

    DETAIL_FIELDS = ("category", "starts_at", "ends_at", "budget_max", "currency", "quantity")
    # Serializer field names that land on a differently named (or no) form field.
    FIELD_MAP = {"lat": "where", "lng": "where", "location": "where"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.saved_place = SavedPlace.objects.filter(user=user).first()
        self.fields["max_offers"].initial = user.default_max_offers
        self.fields["category"].widget.choices = category_choices()
        if not self.saved_place:
            self.fields["where"].choices = self.WHERE_CHOICES[:2]
        self.optional_terms = list(Term.objects.filter(is_default=False))
        self.default_terms = list(Term.objects.filter(is_default=True))
        self.place_name = ""

    @property
    def zone(self):
        return self.user.zone

    def disclosure_options(self) -> list[tuple[str, str, str]]:
        return [(value, *DISCLOSURE_HELP[value]) for value in Intent.Disclosure.values]

    def chosen_terms(self) -> list[str]:
        if self.is_bound:
            return self.data.getlist("terms")
        return [term.slug for term in self.user.preferred_terms.all()]

    def details_open(self) -> bool:
        """Show the structured fields unfolded when one is filled in or has an error."""
        if not self.is_bound:
            return False
        return any(self.data.get(f) or self.errors.get(f) for f in self.DETAIL_FIELDS)

    def clean(self):
        cleaned = self.cleaned_data
        payload = {"text": self.data.get("text", "")}
        for name in (*self.DETAIL_FIELDS, "radius_km", "disclosure", "max_offers"):
            value = (self.data.get(name) or "").strip()
            if value:
                payload[name] = value
        payload["terms"] = self.chosen_terms()
        self._where(cleaned, payload)
        if self.errors:
            return cleaned
        incoming = IntentCreateSerializer(
            data=payload, context={"request": _SerializerRequest(self.user)}
        )
        with timezone.override(self.zone):  # a typed "14:30" is the customer's wall clock
            valid = incoming.is_valid()
        if not valid:
            errors = dict(incoming.errors)
            if "location" in errors:
                errors["location"] = [WHERE_MISSING]
            serializer_errors(self, errors, self.FIELD_MAP)
            return cleaned
        self.intent_data = {**incoming.validated_data}
        if self.place_name:
            self.intent_data["place_name"] = self.place_name
        return cleaned

    def _where(self, cleaned: dict, payload: dict) -> None:
        """Turn the chosen way of saying where into lat/lng for the serializer. Nothing
        given lets the serializer read a place from the words (or say where is missing)."""
        where = cleaned.get("where")
        if where == "here":
            lat, lng = (self.data.get("lat") or "").strip(), (self.data.get("lng") or "").strip()
            if lat and lng:
                payload.update(lat=lat, lng=lng)
        elif where == "city" and not self.has_error("city"):  # e.g. too long: said already
            city = (cleaned.get("city") or "").strip()
            place = place_from_city(city) if city else None
            if not city:
                self.add_error("city", "Type the city or town.")
            elif place is None:
                self.add_error("city", f"We don't know a place called “{city}”. Try a nearby city.")
            else:
                payload.update(lat=place.lat, lng=place.lng)
                self.place_name = place.name
        elif where == "saved" and self.saved_place:
            payload.update(lat=self.saved_place.lat, lng=self.saved_place.lng)
            self.place_name = self.saved_place.name

    def place_to_remember(self) -> tuple[str, float, float] | None:
        if not self.cleaned_data.get("remember_place") or self.cleaned_data.get("where") == "saved":
            return None
        data = self.intent_data
        return (data.get("place_name") or "My location", data["lat"], data["lng"])


# --- Privacy --------------------------------------------------------------------------
class PreferencesForm(forms.ModelForm):
    """How Beckon may reach the customer and what every new intent carries. The rules
    are the API's (MeSerializer), run from clean()."""

    preferred_terms = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(is_default=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Terms to add to every intent",
        help_text="Always on: the default terms. These come on top; you can still change "
        "them per intent.",
    )

    class Meta:
        model = User
        fields = list(User.PREFERENCE_FIELDS)
        labels = {
            "notify_by_email": "E-mail me when an offer arrives",
            "notify_on_site": "Show how many offers are waiting, on every page",
            "quiet_hours_start": "Quiet from",
            "quiet_hours_end": "until",
            "default_max_offers": "Offers I want per intent",
            "recognisable": "Let businesses I've accepted an offer from recognise me",
        }
        help_texts = {
            "quiet_hours_start": "No e-mails in these hours (your time). Leave both empty "
            "for none.",
            "default_max_offers": "From 1 to 20: once an intent has this many, no more vendors "
            "can answer it.",
            "recognisable": "Off: every intent shows a new alias, so no business can tell two "
            "of your requests come from the same person. On: a business you accepted before "
            "sees the same alias each time.",
        }
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}),
            "default_max_offers": forms.NumberInput(attrs={"min": 1, "max": 20}),
        }

    def clean(self):
        cleaned = super().clean()
        data = {
            **{name: cleaned.get(name) for name in self.Meta.fields if name in cleaned},
            "preferred_terms": [term.slug for term in cleaned.get("preferred_terms") or []],
        }
        for name in ("quiet_hours_start", "quiet_hours_end"):
            if data.get(name) is not None:
                data[name] = data[name].strftime("%H:%M")
        incoming = MeSerializer(
            self.instance,
            data=data,
            partial=True,
            context={"request": _SerializerRequest(self.instance)},
        )
        if not incoming.is_valid():
            serializer_errors(self, incoming.errors, {})
        return cleaned
