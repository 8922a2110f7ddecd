"""The portal's forms. As on the customer website, they render fields and collect what was
typed; the rules and their messages are the API serializers', run from `clean()` and put
on the fields, so a rule is written once whichever way a vendor comes in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from accounts.models import User
from accounts.serializers import RegisterSerializer
from core.timezones import ZONE_NAMES, zone_or_none
from intents.models import CategoryGroup, Intent, Term
from offers.serializers import MakeOfferSerializer
from portal.models import ReplyTemplate
from portal.places import PlaceNotFoundError, as_typed, currency_for_zone, find_point
from vendors.models import Subscription, Vendor
from vendors.serializers import SubscriptionSerializer

CURRENCIES = ["GBP", "EUR", "USD", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY"]
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SLOTS = 2  # opening spans offered per day ("lunch and dinner"); more if a day has more
MAX_SLOTS = 7  # and never more than this: a posted "day0_opens9999" must not build 140k fields


def serializer_errors(form: forms.Form, errors: dict, field_map: dict[str, str]) -> None:
    """A DRF serializer's errors on the form: each on the field it is about (via
    `field_map` for names that differ), the rest at the top."""
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


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs=attrs)


def zone_choices() -> list:
    """IANA zones grouped by region, for a select: ("Europe", [("Europe/London", ...)])."""
    regions: dict[str, list] = defaultdict(list)
    for name in sorted(ZONE_NAMES):
        region, _, rest = name.partition("/")
        if rest and region not in {"Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"}:
            regions[region].append((name, name.replace("_", " ")))
    return [("UTC", "UTC"), *sorted(regions.items())]


# --- Joining and the business ----------------------------------------------------------
class JoinForm(forms.Form):
    """A new business with its first owner. Validated by the API's RegisterSerializer."""

    business_name = forms.CharField(
        required=False,
        label="Business name",
        help_text="What customers see on your offers.",
        widget=_text(autocomplete="organization", maxlength=120, required=True),
    )
    name = forms.CharField(
        required=False,
        label="Your name",
        widget=_text(autocomplete="name", maxlength=120, required=True),
    )
    email = forms.CharField(
        required=False,
        label="Email",
        help_text="You sign in with it. It is the business's contact email too, until you "
        "set another.",
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
        business = (self.data.get("business_name") or "").strip()
        if not business:
            self.add_error("business_name", "Give your business's name.")
        elif len(business) > 120:
            self.add_error("business_name", "At most 120 characters.")
        incoming = RegisterSerializer(
            data={
                "name": self.data.get("name", ""),
                "email": self.data.get("email", ""),
                "password": self.data.get("password", ""),
                "role": User.Role.VENDOR,
            }
        )
        if not incoming.is_valid():
            serializer_errors(self, incoming.errors, {"role": "__all__"})
        if self.errors:
            return self.cleaned_data
        account = incoming.validated_data
        self.registration = {
            "name": account["name"],
            "email": account["email"],
            "password": account["password"],
            "business_name": business,
        }
        zone = zone_or_none(self.data.get("tz"))
        self.registration["time_zone"] = zone.key if zone else ""
        return self.cleaned_data


class StartBusinessForm(forms.Form):
    """For someone signed in already (a customer, say) who starts a business."""

    business_name = JoinForm.base_fields["business_name"]

    def clean_business_name(self):
        name = self.cleaned_data["business_name"].strip()
        if not name:
            raise forms.ValidationError("Give your business's name.")
        return name[:120]


class PlaceField(forms.CharField):
    """A town or city name, or coordinates; cleans to a portal.places.Point."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("widget", _text(maxlength=120, autocomplete="off"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return find_point(value)
        except PlaceNotFoundError as error:
            raise forms.ValidationError(str(error)) from error


class BusinessForm(forms.Form):
    name = forms.CharField(
        label="Business name", max_length=120, widget=_text(autocomplete="organization")
    )
    description = forms.CharField(
        required=False,
        label="About the business",
        help_text="A line or two for customers: what you do, what you are known for.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        required=False,
        label="Contact email",
        help_text="Shown to a customer who accepts your offer (unless their terms keep all "
        "talk on Beckon).",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        required=False,
        label="Phone",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    address = forms.CharField(
        required=False,
        label="Address",
        max_length=240,
        widget=_text(autocomplete="street-address"),
    )
    place = PlaceField(
        required=False,
        label="Where you are",
        help_text="A town or city, or coordinates like 55.8642, -4.2518. New service "
        "areas start here.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Your opening hours and daily lead caps are read in it.",
    )

    def __init__(self, *args, vendor: Vendor, **kwargs):
        if not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "name": vendor.name,
                "description": vendor.description,
                "email": vendor.email,
                "phone": vendor.phone,
                "address": vendor.address,
                "place": as_typed(vendor.lat, vendor.lng),
                "time_zone": vendor.time_zone,
            }
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        self.fields["time_zone"].choices = zone_choices()

    def changes(self) -> dict:
        """What to give `update_vendor`."""
        data = self.cleaned_data
        point = data["place"]
        return {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "email": data["email"],
            "phone": data["phone"].strip(),
            "address": data["address"].strip(),
            "lat": point.lat if point else None,
            "lng": point.lng if point else None,
            "time_zone": data["time_zone"],
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email", widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    name = forms.CharField(
        required=False,
        label="Their name (optional)",
        max_length=120,
        widget=_text(autocomplete="off"),
    )


# --- Subscriptions ---------------------------------------------------------------------
@dataclass
class CategoryChoice:
    slug: str
    name: str
    checked: bool


@dataclass
class GroupChoice:
    slug: str
    name: str
    checked: bool  # the whole group
    leaves: list[CategoryChoice]

    @property
    def chosen(self) -> int:
        return sum(leaf.checked for leaf in self.leaves)


@dataclass
class DayRow:
    weekday: int
    name: str
    open: forms.BoundField
    spans: list[tuple[forms.BoundField, forms.BoundField]]


class SubscriptionForm(forms.Form):
    """One subscription: what, where (one area), when, how much, how many, which terms.
    Validated by the API's SubscriptionSerializer."""

    HOURS_CHOICES = [("always", "Any time"), ("set", "Only when we are open")]

    groups = forms.MultipleChoiceField(required=False)
    categories = forms.MultipleChoiceField(required=False, label="What you want to hear about")
    place = PlaceField(
        label="Centre of the area",
        help_text="A town or city, or coordinates like 55.8642, -4.2518.",
    )
    radius_km = forms.CharField(
        label="Radius in km",
        help_text="Requests inside this circle reach you (if the customer's own reach "
        "includes you too).",
        widget=forms.NumberInput(
            attrs={"min": 0.1, "max": 200, "step": 0.1, "inputmode": "decimal"}
        ),
    )
    hours_mode = forms.ChoiceField(
        label="When", choices=HOURS_CHOICES, widget=forms.RadioSelect, initial="always"
    )
    min_budget = forms.CharField(
        required=False,
        label="Smallest budget worth answering",
        help_text="Requests that state a smaller budget skip you; those with no budget "
        "still reach you.",
        widget=_text(inputmode="decimal", maxlength=16),
    )
    currency = forms.ChoiceField(
        required=False,
        label="Currency",
        choices=[("", "Choose"), *[(c, c) for c in CURRENCIES]],
    )
    daily_cap = forms.CharField(
        label="Most leads a day",
        help_text="Counted from midnight in your time zone. Beckon spreads leads fairly; "
        "this stops a busy day from flooding you.",
        initial=20,
        widget=forms.NumberInput(attrs={"min": 1, "max": 10000}),
    )
    terms = forms.MultipleChoiceField(required=False, label="Customer terms you accept")

    FIELD_MAP = {
        "lat": "place",
        "lng": "place",
        "hours": "hours_mode",
        "accepted_terms": "terms",
    }

    def __init__(self, *args, vendor: Vendor, instance: Subscription | None = None, **kwargs):
        self.vendor = vendor
        self.instance = instance
        self.all_groups = list(CategoryGroup.objects.prefetch_related("categories"))
        self.all_terms = list(Term.objects.order_by("-is_default", "slug"))
        bound = bool(args and args[0] is not None) or kwargs.get("data") is not None
        if not bound and "initial" not in kwargs:
            kwargs["initial"] = self._initial(instance)
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(g.slug, g.name) for g in self.all_groups]
        self.fields["categories"].choices = [
            (c.slug, c.name) for g in self.all_groups for c in g.categories.all() if c.active
        ]
        self.fields["terms"].choices = [(t.slug, t.title) for t in self.all_terms]
        self.slots = min(max(SLOTS, *self._spans_per_day().values(), 0), MAX_SLOTS)
        for day in range(7):
            self.fields[f"day{day}_open"] = forms.BooleanField(required=False, label=DAY_NAMES[day])
            for slot in range(1, self.slots + 1):
                for edge, word in (("opens", "Opens"), ("closes", "Closes")):
                    self.fields[f"day{day}_{edge}{slot}"] = forms.CharField(
                        required=False,
                        label=f"{word} on {DAY_NAMES[day]}"
                        + (f" (span {slot})" if slot > 1 else ""),
                        widget=forms.TimeInput(attrs={"type": "time"}),
                    )

    # --- initial values ---
    def _initial(self, sub: Subscription | None) -> dict:
        if sub is None:
            default_place = as_typed(self.vendor.lat, self.vendor.lng)
            return {
                "place": default_place,
                "currency": currency_for_zone(self.vendor.time_zone),
                "radius_km": "5",
                "hours_mode": "always",
                "daily_cap": 20,
                "terms": [t.slug for t in self.all_terms if t.is_default],
            }
        initial = {
            "groups": [g.slug for g in sub.groups.all()],
            "categories": [c.slug for c in sub.categories.all()],
            "place": as_typed(sub.lat, sub.lng),
            "radius_km": f"{sub.radius_km:g}",
            "hours_mode": "set" if sub.hours else "always",
            "min_budget": "" if sub.min_budget is None else f"{sub.min_budget.normalize():f}",
            "currency": sub.currency,
            "daily_cap": sub.daily_cap,
            "terms": [t.slug for t in sub.accepted_terms.all()],
        }
        per_day: dict[int, list[dict]] = defaultdict(list)
        for span in sub.hours:
            per_day[span["weekday"]].append(span)
        for day, spans in per_day.items():
            initial[f"day{day}_open"] = True
            for slot, span in enumerate(spans, start=1):
                initial[f"day{day}_opens{slot}"] = span["opens"]
                initial[f"day{day}_closes{slot}"] = span["closes"]
        return initial

    def _spans_per_day(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        if self.is_bound:
            for key in self.data:
                if key.startswith("day") and "_opens" in key:
                    day, slot = key[3:].split("_opens")
                    if day.isdigit() and slot.isdigit() and len(day + slot) <= 4:
                        counts[int(day)] = max(counts[int(day)], int(slot))
        elif self.instance is not None:
            for span in self.instance.hours:
                counts[span["weekday"]] += 1
        return counts

    # --- for the template ---
    def category_tree(self) -> list[GroupChoice]:
        chosen_groups = set(self._values("groups"))
        chosen = set(self._values("categories"))
        return [
            GroupChoice(
                g.slug,
                g.name,
                g.slug in chosen_groups,
                [
                    CategoryChoice(c.slug, c.name, c.slug in chosen)
                    for c in g.categories.all()
                    if c.active
                ],
            )
            for g in self.all_groups
        ]

    def term_choices(self) -> list[tuple[Term, bool]]:
        chosen = set(self._values("terms"))
        return [(t, t.is_default or t.slug in chosen) for t in self.all_terms]

    def day_rows(self) -> list[DayRow]:
        return [
            DayRow(
                day,
                DAY_NAMES[day],
                self[f"day{day}_open"],
                [
                    (self[f"day{day}_opens{slot}"], self[f"day{day}_closes{slot}"])
                    for slot in range(1, self.slots + 1)
                ],
            )
            for day in range(7)
        ]

    def hours_errors(self) -> list[str]:
        return list(self.errors.get("hours_mode", []))

    def _values(self, name: str) -> list[str]:
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else []
        value = self.initial.get(name) or []
        return list(value)

    # --- validation ---
    def clean(self):
        cleaned = self.cleaned_data
        point = cleaned.get("place")
        self.point = point
        groups = cleaned.get("groups") or []
        wanted_groups = set(groups)
        leaves = [
            slug
            for slug in cleaned.get("categories") or []
            if not any(
                slug in {c.slug for c in g.categories.all()}
                for g in self.all_groups
                if g.slug in wanted_groups
            )
        ]
        if not groups and not leaves:
            self.add_error("categories", "Choose at least one kind of request, or a whole group.")
        defaults = [t.slug for t in self.all_terms if t.is_default]
        payload = {
            "categories": [*groups, *leaves],
            "radius_km": (self.data.get("radius_km") or "").strip(),
            "daily_cap": (self.data.get("daily_cap") or "").strip(),
            "min_budget": (self.data.get("min_budget") or "").strip() or None,
            "currency": cleaned.get("currency") or "",
            "hours": self._hours(cleaned),
            "accepted_terms": list(dict.fromkeys([*defaults, *(cleaned.get("terms") or [])])),
        }
        if point is not None:
            payload.update(lat=point.lat, lng=point.lng)
        if payload["min_budget"] is None:
            payload["currency"] = payload["currency"] or ""
        incoming = SubscriptionSerializer(data=payload)
        if not incoming.is_valid():
            errors = dict(incoming.errors)
            if point is None:  # the place field says so already
                errors.pop("lat", None)
                errors.pop("lng", None)
            if not payload["categories"]:
                errors.pop("categories", None)
            serializer_errors(self, errors, self.FIELD_MAP)
            return cleaned
        if self.errors:
            return cleaned
        data = dict(incoming.validated_data)
        chosen = data.pop("categories")
        self.choices = {
            "categories": chosen["categories"],
            "groups": chosen["groups"],
            "accepted_terms": data.pop("accepted_terms"),
        }
        self.values = data
        return cleaned

    def _hours(self, cleaned: dict) -> list[dict]:
        if cleaned.get("hours_mode") != "set":
            return []
        spans = []
        for day in range(7):
            if not self.data.get(f"day{day}_open"):
                continue
            found = False
            for slot in range(1, self.slots + 1):
                opens = (self.data.get(f"day{day}_opens{slot}") or "").strip()[:5]
                closes = (self.data.get(f"day{day}_closes{slot}") or "").strip()[:5]
                if opens and closes:
                    spans.append({"weekday": day, "opens": opens, "closes": closes})
                    found = True
                elif opens or closes:
                    missing = "closes" if opens else "opens"
                    self.add_error(
                        f"day{day}_{missing}{slot}",
                        f"Give both times on {DAY_NAMES[day]}: when you open and when you close.",
                    )
                    found = True
            if not found:
                self.add_error(
                    f"day{day}_opens1",
                    f"Give your hours on {DAY_NAMES[day]}, or untick it if you are closed.",
                )
        if not spans and not self.errors:
            self.add_error("hours_mode", "Tick the days you are open, or choose “Any time”.")
        return spans

    def apply_to(self, subscription: Subscription) -> Subscription:
        for field, value in self.values.items():
            setattr(subscription, field, value)
        if subscription.min_budget is None:
            subscription.currency = subscription.currency or ""
        return subscription


# --- Offers and replies ----------------------------------------------------------------
class OfferForm(forms.Form):
    price = forms.CharField(
        required=False,
        label="Price",
        help_text="The whole price for what the customer asked.",
        widget=_text(inputmode="decimal", maxlength=16, autocomplete="off", required=True),
    )
    currency = forms.ChoiceField(
        required=False,
        label="Currency",
        choices=[("", "Choose"), *[(c, c) for c in CURRENCIES]],
    )
    message = forms.CharField(
        required=False,
        label="Message",
        help_text="What you offer, in your words. The customer compares offers by it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    available_at = forms.CharField(
        required=False,
        label="You can do it from",
        help_text="Leave empty for “as asked”.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    valid_until = forms.CharField(
        required=False,
        label="Offer valid until",
        help_text="Leave empty to keep it open as long as the request is.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, intent: Intent, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.intent = intent
        self.zone = zone
        # The customer's budget currency, else the usual one where the business is.
        self.fields["currency"].initial = intent.currency or currency_for_zone(zone.key)

    @property
    def fixed_currency(self) -> str:
        """The customer's budget currency: offers must be in it."""
        return self.intent.currency

    def clean(self):
        payload = {"accept_terms": True, "message": (self.data.get("message") or "").strip()}
        price = (self.data.get("price") or "").strip().replace(",", ".")
        payload["price"] = price
        currency = self.intent.currency or (self.data.get("currency") or "")
        if currency:
            payload["currency"] = currency
        for name in ("available_at", "valid_until"):
            value = (self.data.get(name) or "").strip()
            if value:
                payload[name] = value
        incoming = MakeOfferSerializer(data=payload, context={"intent": self.intent})
        with timezone.override(self.zone):  # a typed "18:30" is the vendor's wall clock
            valid = incoming.is_valid()
        if not valid:
            errors = dict(incoming.errors)
            if not price:
                errors["price"] = ["Give your price."]
            serializer_errors(self, errors, {"accept_terms": "__all__"})
            return self.cleaned_data
        self.offer_data = dict(incoming.validated_data)
        return self.cleaned_data


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "message"]
        labels = {"title": "Name", "message": "Message"}
        help_texts = {"title": "For you and your team: “Lunch for two”, “Same-day call-out”."}
        widgets = {"message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args, vendor: Vendor, **kwargs):
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        self.instance.vendor = vendor

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = ReplyTemplate.objects.for_vendor(self.vendor).filter(title__iexact=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You have a reply with this name already.")
        return title
