"""Sign-in, sign-out and password reset (the console email backend in development)."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD, UserFactory
from tests.website.helpers import form_errors, text_of

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_sign_in_with_email_and_password_goes_to_my_intents(visitor):
    user = UserFactory(email="ada@example.com")

    answer = visitor.post(LOGIN, {"username": "ADA@example.com", "password": PASSWORD})

    assert answer["Location"] == "/intents/"
    assert int(visitor.session["_auth_user_id"]) == user.pk


def test_a_wrong_password_is_an_inline_error(visitor):
    UserFactory(email="ada@example.com")

    answer = visitor.post(LOGIN, {"username": "ada@example.com", "password": "wrong"})

    assert "Please enter a correct email and password." in form_errors(answer)["__all__"][0]


def test_sign_in_is_rate_limited(visitor):
    answers = [visitor.post(LOGIN, {"username": "x@example.com"}).status_code for _ in range(21)]

    assert answers[:20] == [400] * 20
    assert answers[20] == 429


def test_pages_of_mine_send_a_visitor_to_sign_in(visitor):
    for url in ["/intents/", "/privacy/", "/intents/1/", "/privacy/export/"]:
        answer = visitor.get(url)
        assert answer.status_code == 302, url
        assert answer["Location"].startswith(f"{LOGIN}?next=")


def test_sign_out_signs_out(site):
    assert site.post("/accounts/logout/")["Location"] == "/"
    assert site.get("/intents/").status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(visitor):
    UserFactory(email="ada@example.com", name="Ada")

    sent = visitor.post("/accounts/password-reset/", {"email": "ada@example.com"})

    assert sent["Location"] == "/accounts/password-reset/sent/"
    [message] = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = visitor.get(link, follow=True)
    assert "Choose a new password" in text_of(form_page)
    changed = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase", "new_password2": "another long phrase"},
    )
    assert changed["Location"] == "/accounts/reset/done/"
    assert visitor.login(username="ada@example.com", password="another long phrase")


def test_password_reset_says_the_same_for_an_unknown_email(visitor):
    sent = visitor.post("/accounts/password-reset/", {"email": "nobody@example.com"})

    assert sent["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_an_old_reset_link_says_so(visitor):
    answer = visitor.get("/accounts/reset/MQ/bad-token/", follow=True)

    assert "This link does not work any more" in text_of(answer)
