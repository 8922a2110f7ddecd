"""Errors raised by domain functions; the API turns them into HTTP answers."""


class Conflict(Exception):  # noqa: N818 - reads as what it is: a state conflict
    """The object is not in a state that allows this change (HTTP 409)."""

    def __init__(self, message: str, code: str = "conflict"):
        super().__init__(message)
        self.message = message
        self.code = code


class TermsNotAccepted(Exception):  # noqa: N818 - reads as what it is
    """A vendor asked for an intent's detail before accepting its terms (HTTP 403)."""

    message = "Accept the customer's terms first: then you can read the request and answer it."
    code = "terms_not_accepted"
