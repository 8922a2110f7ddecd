from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lng: float


@dataclass(frozen=True)
class ParsedIntent:
    category: str | None = None  # a leaf slug of the taxonomy
    confidence: float = 0.0  # 0..1, for `category`
    alternatives: tuple[str, ...] = field(default_factory=tuple)  # runner-up leaf slugs, best first
    budget_max: Decimal | None = None
    currency: str | None = None  # ISO 4217, set whenever budget_max is
    quantity: int | None = None
    starts_at: datetime | None = None  # aware, in the request's zone; both or neither
    ends_at: datetime | None = None
    place: Place | None = None
    near_me: bool = False
