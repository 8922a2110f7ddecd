"""Pseudonymous aliases: what a vendor calls a customer before an offer is accepted."""

import secrets

from coolname import generate


def random_alias() -> str:
    """'Brave Lemur 4821': about 3.7 billion combinations, drawn from a CSPRNG-seeded pick.

    Nothing in it comes from the person, so it leaks nothing; uniqueness is enforced by
    the column, and a clash (about one in millions at our scale) fails loudly on insert.
    """
    words = " ".join(word.capitalize() for word in generate(2))
    return f"{words} {secrets.randbelow(9000) + 1000}"
