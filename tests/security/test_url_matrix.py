"""The authorization matrix: every URL in the URLconf, asked by every kind of person,
answers as this table says.

The world (tests/security/matrix.py): customer A has an open intent, matched to vendor
V1's subscription, with V1's lead and pending offer on it; customer B; V2, a business
the intent did not reach; a staff member of V1; an operator (staff and superuser).
Each URL's arguments are filled from that world (A's intent, V1's lead, offer,
subscription and saved reply), so a row says what each person gets when they ask for
*that* object: the owner gets in, everyone else is refused or told it is not there.

GET is asked of every URL; the write methods of the URLs that take writes are asked with
an empty body, which is enough to show who is let in (400 for those who are, 401, 403 or
404 for those who are not). Each request runs in a savepoint that is rolled back, so a
withdrawn intent or a deleted account does not leak into the next request. Event streams
(SSE) answer with their status and headers only: their body is never read.

A URL without a row fails `test_every_url_has_a_row`: a new page or endpoint is not done
until someone has decided who may use it. The answers, in the table's words:
    200, 201, 204, 400, 401, 403, 404, 405, 409   that status
    LOGIN / PORTAL_LOGIN / ADMIN_LOGIN           302 to that sign-in page
    Go("/intents/{intent}/")                     302 to that path (the world's ids filled in)
Besides the status, no answer may show a person something that is not theirs: A's
intent, name and email, V1's offer and saved reply carry markers that only the people
allowed to see them may find in a body (matrix.SEEN_BY). And no HTML answer may hold
code the Content Security Policy would refuse (matrix.inline_code).
"""

import pytest

from tests.security.matrix import (
    A_EMAIL,
    A_NAME,
    ADMIN_LOGIN,
    INTENT_TEXT,
    LOGIN,
    OFFER_MESSAGE,
    PORTAL_LOGIN,
    REPLY_MESSAGE,
    ROLE_NAMES,
    ROLES,
    Go,
    ask,
    build_world,
    described,
    endpoints,
    inline_code,
    leaks,
    matches,
)

pytestmark = pytest.mark.django_db

GET, POST, PATCH, DELETE = "GET", "POST", "PATCH", "DELETE"


def everyone(answer):
    """The same answer for every person."""
    return (answer,) * len(ROLES)


STAFF_ONLY = (ADMIN_LOGIN,) * 6 + (200,)  # the admin: operators in, anyone else to sign in


def operator_gets(answer):
    """The admin, where the operator gets `answer`."""
    return (*STAFF_ONLY[:-1], answer)


MINE = Go("/intents/{intent}/")  # back to A's intent, after acting on it
LEAD = Go("/portal/leads/{lead}/")  # back to V1's lead, after acting on it

# fmt: off
TABLE = {
    # --- The API (/api/v1/) ------------------------------------------------------------
    #                           anon  a     b     v1    v2    staff op
    "api:register":            {GET:  everyone(405),
                                POST: everyone(400)},
    "api:token":               {GET:  everyone(405),
                                POST: everyone(400)},
    "api:me":                  {GET:    (401, 200, 200, 200, 200, 200, 200),
                                PATCH:  (401, 200, 200, 200, 200, 200, 200),
                                DELETE: (401, 204, 204, 204, 204, 204, 204)},
    "api:me-export":           {GET:  (401, 200, 200, 200, 200, 200, 200)},
    "api:me-blocks":           {GET:  (401, 200, 200, 200, 200, 200, 200),
                                POST: (401, 400, 400, 400, 400, 400, 400)},
    # Nobody has blocked V1 in this world: unblocking it is a 404 for everyone.
    "api:me-unblock":          {GET:    (401, 405, 405, 405, 405, 405, 405),
                                DELETE: (401, 404, 404, 404, 404, 404, 404)},
    # Everyone's address is confirmed already: asking again is a conflict.
    "api:me-verify-resend":    {GET:  (401, 405, 405, 405, 405, 405, 405),
                                POST: (401, 409, 409, 409, 409, 409, 409)},
    "api:verify-email-api":    {GET:  everyone(405),
                                POST: everyone(400)},
    "api:categories":          {GET:  everyone(200)},
    "api:terms":               {GET:  everyone(200)},
    "api:intent-parse":        {GET:  everyone(405),
                                POST: everyone(400)},
    # A customer's own intents: anyone signed in may post one; only A reaches A's.
    "api:intent-list":         {GET:  (401, 200, 200, 200, 200, 200, 200),
                                POST: (401, 400, 400, 400, 400, 400, 400)},
    "api:intent-detail":       {GET:  (401, 200, 404, 404, 404, 404, 404)},
    "api:intent-withdraw":     {GET:  (401, 405, 405, 405, 405, 405, 405),
                                POST: (401, 200, 404, 404, 404, 404, 404)},
    "api:intent-offers":       {GET:  (401, 200, 404, 404, 404, 404, 404)},
    "api:intent-access-log":   {GET:  (401, 200, 404, 404, 404, 404, 404)},
    "api:offer-accept":        {GET:  (401, 405, 405, 405, 405, 405, 405),
                                POST: (401, 200, 404, 404, 404, 404, 404)},
    "api:offer-decline":       {GET:  (401, 405, 405, 405, 405, 405, 405),
                                POST: (401, 200, 404, 404, 404, 404, 404)},
    # The vendor API: members of a business only (403 for anyone else), and only the
    # business's own objects (404 for V2); owners change subscriptions, staff read them.
    "api:subscription-list":   {GET:  (401, 403, 403, 200, 200, 200, 403),
                                POST: (401, 403, 403, 400, 400, 403, 403)},
    "api:subscription-detail": {GET:    (401, 403, 403, 200, 404, 200, 403),
                                PATCH:  (401, 403, 403, 200, 404, 403, 403),
                                DELETE: (401, 403, 403, 204, 404, 403, 403)},
    "api:lead-list":           {GET:  (401, 403, 403, 200, 200, 200, 403)},
    "api:lead-detail":         {GET:  (401, 403, 403, 200, 404, 200, 403)},
    "api:lead-accept-terms":   {GET:  (401, 403, 403, 405, 405, 405, 403),
                                POST: (401, 403, 403, 200, 404, 200, 403)},
    # V1's lead has an offer on it: passing it now is a conflict, not a refusal.
    "api:lead-pass-":          {GET:  (401, 403, 403, 405, 405, 405, 403),
                                POST: (401, 403, 403, 409, 404, 409, 403)},
    "api:lead-offers":         {GET:  (401, 403, 403, 405, 405, 405, 403),
                                POST: (401, 403, 403, 400, 404, 400, 403)},
    "api:vendor-offer-list":   {GET:  (401, 403, 403, 200, 200, 200, 403)},
    "api:vendor-offer-detail": {GET:  (401, 403, 403, 200, 404, 200, 403)},
    "api:vendor-offer-withdraw": {GET:  (401, 403, 403, 405, 405, 405, 403),
                                  POST: (401, 403, 403, 200, 404, 200, 403)},
    # --- Schema and docs ---------------------------------------------------------------
    "schema":                  {GET:  everyone(200)},
    "api-docs":                {GET:  everyone(200)},
    # --- The customer website ----------------------------------------------------------
    #                           anon                 a    b    v1   v2   staff op
    "home":                    {GET:  everyone(200)},
    "start":                   {GET:  everyone(405),
                                POST: (Go("/accounts/signup/"),) + (Go("/intents/new/"),) * 6},
    "intent-list":             {GET:  (LOGIN, 200, 200, 200, 200, 200, 200)},
    "intent-new":              {GET:  (Go("/accounts/signup/"), 200, 200, 200, 200, 200, 200),
                                POST: (Go("/accounts/signup/"), 400, 400, 400, 400, 400, 400)},
    "intent-preview":          {GET:  everyone(405),
                                POST: everyone(200)},
    "intent-detail":           {GET:  (LOGIN, 200, 404, 404, 404, 404, 404)},
    "intent-live":             {GET:  (LOGIN, 200, 404, 404, 404, 404, 404)},
    "intent-events":           {GET:  (403, 200, 404, 404, 404, 404, 404)},  # SSE
    "intent-withdraw":         {GET:  (LOGIN, 200, 404, 404, 404, 404, 404),
                                POST: (LOGIN, MINE, 404, 404, 404, 404, 404)},
    "offer-accept-page":       {GET:  (LOGIN, 200, 404, 404, 404, 404, 404),
                                POST: (LOGIN, MINE, 404, 404, 404, 404, 404)},
    "offer-decline-page":      {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN, MINE, 404, 404, 404, 404, 404)},
    "privacy":                 {GET:  (LOGIN, 200, 200, 200, 200, 200, 200)},
    "privacy-export":          {GET:  (LOGIN, 200, 200, 200, 200, 200, 200)},
    "privacy-forget-place":    {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN,) + (Go("/privacy/"),) * 6},
    "privacy-delete":          {GET:  (LOGIN, 200, 200, 200, 200, 200, 200),
                                POST: (LOGIN,) + (Go("/"),) * 6},
    "privacy-preferences":     {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN, 400, 400, 400, 400, 400, 400)},
    # A may block V1, which her intent reached; to anyone else V1 is not there.
    "privacy-block":           {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN, Go("/privacy/"), 404, 404, 404, 404, 404)},
    "privacy-unblock":         {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN,) + (Go("/privacy/"),) * 6},
    "signup":                  {GET:  (200,) + (Go("/intents/"),) * 6,
                                POST: (400,) + (Go("/intents/"),) * 6},
    # Signing in again lands where the person works: the portal for vendor members.
    "login":                   {GET:  (200, Go("/intents/"), Go("/intents/"), Go("/portal/"),
                                       Go("/portal/"), Go("/portal/"), Go("/intents/")),
                                POST: (400, Go("/intents/"), Go("/intents/"), Go("/portal/"),
                                       Go("/portal/"), Go("/portal/"), Go("/intents/"))},
    "verify-email":            {GET:  everyone(400),  # a wrong token: the page says so
                                POST: everyone(400)},
    "verify-email-resend":     {GET:  (LOGIN, 405, 405, 405, 405, 405, 405),
                                POST: (LOGIN,) + (Go("/intents/"),) * 6},
    "logout":                  {GET:  everyone(405),
                                POST: everyone(Go("/"))},
    "password_reset":          {GET:  everyone(200),
                                POST: everyone(200)},
    "password_reset_done":     {GET:  everyone(200)},
    "password_reset_confirm":  {GET:  everyone(200),  # a wrong token: the page says so
                                POST: everyone(200)},
    "password_reset_complete": {GET:  everyone(200)},
    # --- The vendor portal (/portal/) --------------------------------------------------
    # Members only: a visitor signs in, a signed-in person with no business gets a 403
    # page that says how to start one; another business's object is a 404.
    #                              anon          a    b    v1   v2   staff op
    "portal:join":                {GET:  (200, 200, 200, Go("/portal/"), Go("/portal/"),
                                          Go("/portal/"), 200),
                                   POST: (400, 400, 400, Go("/portal/"), Go("/portal/"),
                                          Go("/portal/"), 400)},
    "portal:login":               {GET:  (200,) + (Go("/portal/"),) * 6,
                                   POST: (400,) + (Go("/portal/"),) * 6},
    "portal:set-password":        {GET:  everyone(200),  # a wrong token: the page says so
                                   POST: everyone(200)},
    "portal:inbox":               {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:inbox-live":          {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:events":              {GET:  (403, 403, 403, 200, 200, 200, 403)},  # SSE
    "portal:lead":                {GET:  (PORTAL_LOGIN, 403, 403, 200, 404, 200, 403)},
    "portal:lead-live":           {GET:  (PORTAL_LOGIN, 403, 403, 200, 404, 200, 403)},
    "portal:lead-composer":       {GET:  (PORTAL_LOGIN, 403, 403, 200, 404, 200, 403)},
    "portal:lead-accept-terms":   {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, LEAD, 404,
                                          LEAD, 403)},
    "portal:lead-offer":          {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 404, 400, 403)},
    "portal:lead-pass":           {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, LEAD, 404,
                                          LEAD, 403)},
    "portal:offers":              {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:offer-withdraw":      {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, LEAD, 404,
                                          LEAD, 403)},
    "portal:offer-fulfil":        {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, LEAD, 404,
                                          LEAD, 403)},
    "portal:subscriptions":       {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:subscription-new":    {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 403, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 400, 403, 403)},
    "portal:subscription-preview": {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 403, 403),
                                    POST: (PORTAL_LOGIN, 403, 403, 200, 200, 403, 403)},
    "portal:subscription-edit":   {GET:  (PORTAL_LOGIN, 403, 403, 200, 404, 403, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 404, 403, 403)},
    "portal:subscription-pause":  {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 403, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, Go("/portal/subscriptions/"),
                                          404, 403, 403)},
    "portal:subscription-resume": {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 403, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, Go("/portal/subscriptions/"),
                                          404, 403, 403)},
    "portal:insights":            {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:insights-csv":        {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:business":            {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 400, 403, 403)},
    "portal:team":                {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403)},
    "portal:team-invite":         {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 403, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 400, 403, 403)},
    # Saved replies belong to the business: every member may write and delete them.
    "portal:replies":             {GET:  (PORTAL_LOGIN, 403, 403, 200, 200, 200, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 400, 400, 403)},
    "portal:reply-edit":          {GET:  (PORTAL_LOGIN, 403, 403, 200, 404, 200, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, 400, 404, 400, 403)},
    "portal:reply-delete":        {GET:  (PORTAL_LOGIN, 403, 403, 405, 405, 405, 403),
                                   POST: (PORTAL_LOGIN, 403, 403, Go("/portal/replies/"), 404,
                                          Go("/portal/replies/"), 403)},
    # --- The admin (/admin/): the site's own pages -------------------------------------
    "admin:index":                {GET:  STAFF_ONLY},
    "admin:login":                {GET:  (200,) * 6 + (Go("/admin/"),)},
    # Signing out is a POST; a GET from someone signed out is sent to the index first.
    "admin:logout":               {GET:  (Go("/admin/"),) * 6 + (405,),
                                   POST: (Go("/admin/"),) * 6 + (Go("/"),)},
    "admin:password_change":      {GET:  STAFF_ONLY},
    "admin:password_change_done": {GET:  STAFF_ONLY},
    "admin:autocomplete":         {GET:  operator_gets(403)},  # no field asked for
    "admin:jsi18n":               {GET:  STAFF_ONLY},
    "admin:view_on_site":         {GET:  operator_gets(404)},  # intents have no page
    "admin:app_list":             {GET:  STAFF_ONLY},
    "admin/(?P<url>.*)$":         {GET:  operator_gets(404)},  # the catch-all
    "admin:intents_intent_explain": {GET: STAFF_ONLY},
    "admin:auth_user_password_change": {GET:  STAFF_ONLY,
                                        POST: STAFF_ONLY},
}

# --- The admin: every registered model has the same pages, guarded the same way ---------
# A model registered in the admin without a line here fails test_every_url_has_a_row.
# Per model, what the operator gets from its add page and from saving its change page:
# intents, leads, offers and terms acceptances change only through the domain functions,
# so the admin shows them read-only.
ADMIN_MODELS = {
    #                          add  save a change
    "auth/group":             (200, 200),
    "authtoken/tokenproxy":   (200, 200),
    "accounts/user":          (200, 200),
    "accounts/vendorblock":   (403, 403),  # the customer's decision, never the operator's
    "intents/categorygroup":  (200, 200),
    "intents/category":       (200, 200),
    "intents/term":           (200, 200),
    "intents/intent":         (403, 200),
    "vendors/vendor":         (200, 200),
    "vendors/subscription":   (200, 200),
    "matching/lead":          (403, 403),
    "offers/offer":           (403, 403),
    "offers/termsacceptance": (403, 403),
    "portal/replytemplate":   (200, 200),
}
# fmt: on


for _model, (_add, _save) in ADMIN_MODELS.items():
    _name = _model.replace("/", "_")
    TABLE[f"admin:{_name}_changelist"] = {GET: STAFF_ONLY}
    TABLE[f"admin:{_name}_add"] = {GET: operator_gets(_add), POST: operator_gets(_add)}
    TABLE[f"admin:{_name}_change"] = {GET: STAFF_ONLY, POST: operator_gets(_save)}
    TABLE[f"admin:{_name}_history"] = {GET: STAFF_ONLY}
    TABLE[f"admin:{_name}_delete"] = {GET: STAFF_ONLY, POST: STAFF_ONLY}
    # /admin/<app>/<model>/<id>/ sends an operator on to the change page.
    TABLE[f"admin/{_model}/<path:object_id>/"] = {GET: operator_gets(Go(f"/admin/{_model}/*"))}


def rows_missing(table: dict, labels: list[str]) -> list[str]:
    return sorted(set(labels) - set(table))


def test_every_url_has_a_row():
    labels = [endpoint.label for endpoint in endpoints()]

    missing = rows_missing(TABLE, labels)

    assert not missing, (
        "These URLs have no row in the authorization matrix (tests/security/"
        f"test_url_matrix.py): {', '.join(missing)}. Decide who may use them and add rows."
    )


def test_every_row_is_a_url():
    labels = {endpoint.label for endpoint in endpoints()}

    stale = sorted(set(TABLE) - labels)

    assert not stale, f"Rows for URLs that no longer exist: {', '.join(stale)}"


def test_each_url_has_its_own_label():
    labels = [endpoint.label for endpoint in endpoints()]

    assert len(labels) == len(set(labels)), sorted(x for x in labels if labels.count(x) > 1)


def test_a_new_url_without_a_row_is_named(settings):
    before = rows_missing(TABLE, [endpoint.label for endpoint in endpoints()])
    settings.ROOT_URLCONF = "tests.security.extra_urls"  # the site plus /portal/unguarded/

    after = rows_missing(TABLE, [endpoint.label for endpoint in endpoints()])

    assert sorted(set(after) - set(before)) == ["portal:unguarded"]


def test_the_markers_are_where_their_owners_see_them():
    """The leak check looks for words in answers: they must be there for the people
    allowed to see them, or finding none would prove nothing."""
    world = build_world()
    intent, lead = world.intent.pk, world.lead.pk

    def body(role, path):
        response = ask(world.people[role], "GET", path)
        assert response.status_code == 200, path
        return response.content.decode()

    assert INTENT_TEXT in body("a", f"/intents/{intent}/")
    assert OFFER_MESSAGE in body("a", f"/intents/{intent}/")
    assert A_EMAIL in body("a", "/privacy/export/")
    assert INTENT_TEXT in body("v1", f"/portal/leads/{lead}/")
    assert OFFER_MESSAGE in body("staff", f"/portal/leads/{lead}/")
    assert REPLY_MESSAGE in body("staff", "/portal/replies/")
    assert A_NAME in body("op", f"/admin/accounts/user/{world.people['a'].pk}/change/")


def test_each_row_asks_every_person_and_reads_first():
    for label, methods in TABLE.items():
        assert GET in methods, f"{label}: every URL is asked with GET"
        for method, answers in methods.items():
            assert len(answers) == len(ROLES), f"{label} {method}: one answer per person"


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_person_as_the_table_says(role):
    world = build_world()
    user = world.people[role]
    wrong = []
    for endpoint in endpoints():
        methods = TABLE.get(endpoint.label)
        if methods is None:
            continue  # test_every_url_has_a_row names it
        path = endpoint.path(world.values(endpoint))
        for method, answers in methods.items():
            expected = answers[ROLES.index(role)]
            try:
                response = ask(user, method, path)
            except Exception as error:  # a 500: name it with the others, then go on
                wrong.append(
                    f"{endpoint.label} {method} {path}: expected {expected}, raised {error!r}"
                )
                continue
            if not matches(expected, response, world.ids):
                wrong.append(
                    f"{endpoint.label} {method} {path}: expected {expected}, "
                    f"got {described(response)}"
                )
            for marker in leaks(role, response):
                wrong.append(f"{endpoint.label} {method} {path} shows {marker}")
            for code in inline_code(response):
                wrong.append(
                    f"{endpoint.label} {method} {path} has inline code the CSP refuses: {code}"
                )

    assert not wrong, f"As {ROLE_NAMES[role]}:\n" + "\n".join(wrong)
