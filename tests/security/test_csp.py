"""The Content Security Policy (django-csp, config/settings.py): every page says it, it
allows nothing inline and no eval, and no template holds code it would refuse. The
authorization matrix also scans every HTML answer it gets (matrix.inline_code); the
browser tests fail on any CSP report in the console."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse

from tests.security.matrix import inline_code

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/portal/login/", "/admin/login/"])
def test_each_page_carries_the_strict_policy(client, path):
    directives = policy(client.get(path))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]  # no nonce where none is used
    assert directives["img-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_nothing_is_allowed_inline_or_evaluated(client):
    header = client.get("/")["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "*" not in header


def test_the_api_answers_carry_it_too(client):
    assert "default-src 'self'" in client.get("/api/v1/categories/")["Content-Security-Policy"]


def test_the_api_docs_allow_data_images_and_their_own_nonced_style(client):
    response = client.get("/api/docs/")
    directives = policy(response)
    page = response.content.decode()

    assert directives["img-src"] == ["'self'", "data:"]
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["style-src"])).group(1)
    assert f'<style nonce="{nonce}">' in page
    assert '<script src="/api/docs/?script=">' in page  # the start script is a file
    assert inline_code(response) == []


def test_the_api_docs_start_script_is_served_as_javascript(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


def test_each_nonce_is_new(client):
    first = policy(client.get("/api/docs/"))["style-src"]
    second = policy(client.get("/api/docs/"))["style-src"]

    assert first != second


@pytest.mark.parametrize("path", ["/", "/portal/login/"])
def test_htmx_is_told_to_add_no_style_and_evaluate_nothing(client, path):
    page = client.get(path).content.decode()

    assert '"includeIndicatorStyles": false, "allowEval": false' in page


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_holds_code_the_policy_refuses(template):
    response = HttpResponse(template.read_text(), content_type="text/html")

    assert inline_code(response) == []


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">Go</button>',
        '<p style="color: red">',
        "<style>p { color: red }</style>",
        '<div hx-on:click="go()">',
        '<div hx-on::after-request="go()">',
        '<a href="javascript:go()">',
        "<div hx-vals='js:{a: go()}'>",
    ],
)
def test_the_scan_finds_inline_code(html):
    assert inline_code(HttpResponse(html, content_type="text/html")) != []


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/site.js" defer></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<style nonce="abc">p {}</style>',
        '<div hx-vals=\'{"adjustable": "1"}\'>',
        "<p>Turn the oven on=high</p>",
    ],
)
def test_the_scan_lets_files_data_and_nonces_through(html):
    assert inline_code(HttpResponse(html, content_type="text/html")) == []
