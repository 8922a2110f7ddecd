"""The statements matching runs for every intent, as plain SQL.

Measured on this 2-core machine, compiling an ORM query cost 0.4-0.6 ms, more than
PostgreSQL took to run it, and matching runs several per intent (docs/performance.md).
These few statements are therefore written out once, in SQL that PostgreSQL and SQLite
both accept; everything else stays in the ORM. Values go through the model fields'
own adapters, so types are stored exactly as the ORM would store them.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import psycopg
from django.db import connection, connections
from django.db.models.expressions import Col

from accounts.models import VendorBlock
from intents.models import Category, CategoryGroup, Intent, IntentTerm, Term
from matching.models import Lead, PendingMatch, Quota, Reach, Route

LEAD_COLUMNS = (
    "intent_id",
    "vendor_id",
    "subscription_id",
    "status",
    "score",
    "rank",
    "reasons",
    "distance_km",
    "matched_at",
)


def any_of(column: str, values: list) -> tuple[str, list]:
    """`column` is one of the values: one array parameter on PostgreSQL (a fixed
    statement shape, whatever the count), an IN list elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def run(sql: str, params: list, *, rows: bool = True, prepare: bool = True) -> list[tuple]:
    """Execute one of these statements.

    On PostgreSQL through psycopg's own cursor, inside Django's error handling and
    transaction: Django's cursor binds parameters on the client, quoting each into the
    text, which profiling showed was a fifth of a worker's time (docs/performance.md).
    This one sends them apart (server-side binding) and, unless `prepare` is False,
    prepares the statement once per connection, so PostgreSQL stops parsing and
    planning it for every intent."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if rows else []
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=prepare)
        return cursor.fetchall() if rows else []


def route_rows(
    *,
    intent_id: int,
    topics: list[int],
    cells: list[int],
    box,
    terms_mask: int,
    budget: Decimal | None,
    currency: str,
    excluded_vendor_ids: frozenset[int],
    now: datetime,
) -> tuple[list[tuple], frozenset[int]]:
    """The routes reaching the cells for the topics, inside the box, whose terms and
    minimum budget the intent meets: subscription_id, vendor_id, topic, lat, lng,
    radius_km, min_budget, currency, terms_mask, daily_cap, time_zone, hours_key, then
    the vendor's leads today (all its subscriptions) and the subscription's, "today"
    being the vendor's local day at `now`; and the vendors already holding a lead for
    the intent. On PostgreSQL all of it is one statement (the vendors with a lead in a
    subquery evaluated once, the counts by one probe of the quota index per row), to
    spare round trips; SQLite counts by a second query. With no route, the vendors are
    left out: nobody is left to rank, whoever holds a lead."""
    pg = connection.vendor == "postgresql"
    topic_sql, topic_params = any_of("x.topic", topics)
    cell_sql, cell_params = any_of("x.cell", cells)
    if pg:
        select = (
            "(SELECT array_agg(l.vendor_id) FROM {lead} l WHERE l.intent_id = %s),"
            " coalesce(q.vendor_used, 0), coalesce(q.own_used, 0)"
        )
        today = (
            " CROSS JOIN LATERAL (SELECT sum(used) AS vendor_used,"
            " sum(used) FILTER (WHERE subscription_id = r.subscription_id) AS own_used"
            " FROM {quota} WHERE vendor_id = r.vendor_id"
            " AND day = (%s::timestamptz AT TIME ZONE r.time_zone)::date) q"
        )
        params = [intent_id, now]
    else:
        select = "(SELECT group_concat(l.vendor_id) FROM {lead} l WHERE l.intent_id = %s)"
        today, params = "", [intent_id]
    sql = (
        "SELECT r.subscription_id, r.vendor_id, x.topic, r.lat, r.lng, r.radius_km,"
        " r.min_budget, r.currency, r.terms_mask, r.daily_cap, r.time_zone, r.hours_key,"
        f" {select} FROM {{reach}} x JOIN {{route}} r ON r.subscription_id = x.route_id{today}"
        f" WHERE {topic_sql} AND {cell_sql}"
        " AND r.lat BETWEEN %s AND %s AND r.lng BETWEEN %s AND %s"
        " AND (r.terms_mask & %s) = %s"
    ).format(
        lead=Lead._meta.db_table,
        quota=Quota._meta.db_table,
        reach=Reach._meta.db_table,
        route=Route._meta.db_table,
    )
    params += [
        *topic_params,
        *cell_params,
        box.min_lat,
        box.max_lat,
        box.min_lng,
        box.max_lng,
        terms_mask,
        terms_mask,
    ]
    if budget is not None:
        sql += " AND (r.min_budget IS NULL OR (r.currency = %s AND r.min_budget <= %s))"
        params += [currency, budget]
    if excluded_vendor_ids:
        excluded_sql, excluded_params = any_of("r.vendor_id", sorted(excluded_vendor_ids))
        sql += f" AND NOT ({excluded_sql})"
        params += excluded_params
    # Not prepared: a generic plan served the skewed topics worse (docs/performance.md).
    rows = run(sql, params, prepare=False)
    if not rows:
        return rows, frozenset()
    led = rows[0][12] or ()
    if not pg:
        led = led and led.split(",")  # SQLite hands the vendors back as text
        by_vendor, by_subscription = leads_today({row[1]: row[10] for row in rows}, now)
        rows = [
            # and NUMERIC as float
            (*r[:6], None if r[6] is None else Decimal(str(r[6])), *r[7:13],
             by_vendor[r[1]], by_subscription[r[0]])
            for r in rows
        ]  # fmt: skip
    return rows, frozenset(int(vendor_id) for vendor_id in led)


def leads_today(zones: dict[int, str], now: datetime) -> tuple[Counter, Counter]:
    """Leads today for the vendors in {vendor id: its time zone's name}, "today" being
    each vendor's local day at `now`: (by vendor, by subscription)."""
    today_in = {name: now.astimezone(ZoneInfo(name)).date() for name in set(zones.values())}
    days = {vendor_id: today_in[name] for vendor_id, name in zones.items()}
    by_vendor: Counter = Counter()
    by_subscription: Counter = Counter()
    if not days:
        return by_vendor, by_subscription
    for vendor_id, subscription_id, day, used in quota_rows(
        list(days), min(days.values()), max(days.values())
    ):
        if day == days[vendor_id]:
            by_vendor[vendor_id] += used
            by_subscription[subscription_id] += used
    return by_vendor, by_subscription


def quota_rows(vendor_ids: list[int], first: date, last: date) -> list[tuple]:
    """vendor_id, subscription_id, day, used for the vendors between the two days."""
    vendor_sql, vendor_params = any_of("vendor_id", vendor_ids)
    rows = run(
        f"SELECT vendor_id, subscription_id, day, used FROM {Quota._meta.db_table}"
        f" WHERE {vendor_sql} AND day BETWEEN %s AND %s",
        [*vendor_params, first, last],
    )
    if rows and isinstance(rows[0][2], str):  # SQLite hands dates back as text
        rows = [(v, s, date.fromisoformat(d), u) for v, s, d, u in rows]
    return rows


def blocked_vendors(customer_id: int | None) -> frozenset[int]:
    """The businesses the customer blocked."""
    if customer_id is None:
        return frozenset()
    rows = run(
        f"SELECT vendor_id FROM {VendorBlock._meta.db_table} WHERE customer_id = %s", [customer_id]
    )
    return frozenset(row[0] for row in rows)


def intent_terms(intent_id: int) -> dict[int, str]:
    """The intent's terms as {bit: slug}."""
    return dict(
        run(
            f"SELECT t.bit, t.slug FROM {IntentTerm._meta.db_table} it"
            f" JOIN {Term._meta.db_table} t ON t.id = it.term_id WHERE it.intent_id = %s",
            [intent_id],
        )
    )


@lru_cache(maxsize=64)
def intent_columns(db) -> tuple[list[str], list[tuple[int, list, Col]]]:
    """The intent's columns in field order, and the converters that turn what the
    database `db` (a connection: its converters are bound to it) returns into what the
    ORM would hold, worked out once instead of on every call as RawQuerySet does
    (SQLite, say, returns text for dates and decimals)."""
    fields = Intent._meta.concrete_fields
    converters = []
    for n, field in enumerate(fields):
        col = field.get_col(Intent._meta.db_table)
        found = db.ops.get_db_converters(col) + col.get_db_converters(db)
        if found:
            converters.append((n, found, col))
    return [f.attname for f in fields], converters


@lru_cache
def locked_intent_sql(vendor: str, settle: bool) -> str:
    """locked_intent's statement, written once per database and kind."""
    pg = vendor == "postgresql"
    names = [field.attname for field in Intent._meta.concrete_fields]
    prefix, extra = "", ""
    if pg:
        extra = ", set_config('synchronous_commit', 'off', true)"
        if settle:
            prefix = (
                f"WITH settled AS (DELETE FROM {PendingMatch._meta.db_table}"
                " WHERE intent_id = %s RETURNING 1) "
            )
            extra += ", (SELECT count(*) FROM settled)"
    lock = " FOR UPDATE OF i" if connection.features.has_select_for_update_of else ""
    array, mapping = (
        ("json_agg", "json_object_agg") if pg else ("json_group_array", "json_group_object")
    )
    return (
        f"{prefix}SELECT {', '.join(f'i.{connection.ops.quote_name(n)}' for n in names)},"
        " c.name, c.group_id, g.name,"
        " (SELECT m.vendor_id FROM vendors_membership m WHERE m.user_id = i.customer_id),"
        f" (SELECT {array}(b.vendor_id) FROM {VendorBlock._meta.db_table} b"
        " WHERE b.customer_id = i.customer_id),"
        f" (SELECT {mapping}(t.bit, t.slug) FROM {IntentTerm._meta.db_table} it"
        f" JOIN {Term._meta.db_table} t ON t.id = it.term_id WHERE it.intent_id = i.id)"
        f"{extra} FROM {Intent._meta.db_table} i"
        " JOIN intents_category c ON c.id = i.category_id"
        f" JOIN intents_categorygroup g ON g.id = c.group_id WHERE i.id = %s{lock}"
    )


def locked_intent(intent_id: int, *, settle: bool = False) -> Intent | None:
    """One statement for what the ORM needs three joins and four queries to build: the
    intent (locked FOR UPDATE where the database can) with its category and group names
    and, as attributes, the business its customer works for (`own_vendor_id`), the
    businesses the customer blocked (`blocked_vendor_ids`) and its terms (`term_slugs`).

    With `settle` it also deletes the intent's PendingMatch row and says in `owed`
    whether there was one (pending.py: the caller's transaction then carries the
    promise; it rolls back if it does not match). On PostgreSQL that is part of the
    same statement, which also makes the transaction's commit asynchronous: a matching
    run lost in a crash comes back with its PendingMatch row and runs again, so it need
    not wait for the disk (docs/reliability.md)."""
    pg = connection.vendor == "postgresql"
    names, converters = intent_columns(connections[connection.alias])
    params = [intent_id, intent_id] if pg and settle else [intent_id]  # settled, locked
    rows = run(locked_intent_sql(connection.vendor, settle), params)
    if not rows:
        return None
    row = rows[0]
    values = list(row[: len(names)])
    for n, found, col in converters:
        for convert in found:
            values[n] = convert(values[n], col, connection)
    intent = Intent.from_db(connection.alias, names, values)
    category_name, group_id, group_name, own, blocked, terms = row[len(names) : len(names) + 6]
    intent.category = Category(
        pk=intent.category_id, name=category_name, group=CategoryGroup(pk=group_id, name=group_name)
    )
    intent.own_vendor_id = own
    intent.blocked_vendor_ids = frozenset(_json(blocked) or ())
    intent.term_slugs = {int(bit): slug for bit, slug in (_json(terms) or {}).items()}
    if settle:
        intent.owed = bool(row[-1]) if pg else settle_intent(intent_id)
    return intent


def _json(value):
    """psycopg parses json; SQLite hands back its text."""
    return json.loads(value) if isinstance(value, str) else value


def settle_intent(intent_id: int) -> bool:
    """Delete the intent's PendingMatch row; whether there was one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {PendingMatch._meta.db_table} WHERE intent_id = %s", [intent_id]
        )
        return cursor.rowcount > 0


def lead_values(lead: Lead) -> list:
    """The lead's LEAD_COLUMNS, as the ORM would store them."""
    ops = connection.ops
    return [
        lead.intent_id,
        lead.vendor_id,
        lead.subscription_id,
        str(lead.status),
        lead.score,
        lead.rank,
        ops.adapt_json_value(lead.reasons, None),
        lead.distance_km,
        ops.adapt_datetimefield_value(lead.matched_at),
    ]


def insert_leads(leads: list[Lead]) -> None:
    """A multi-row insert that skips a lead the (intent, vendor) constraint refuses."""
    if not leads:
        return
    row = "(" + ", ".join(["%s"] * len(LEAD_COLUMNS)) + ")"
    run(
        f"INSERT INTO {Lead._meta.db_table} ({', '.join(LEAD_COLUMNS)})"
        f" VALUES {', '.join([row] * len(leads))} ON CONFLICT DO NOTHING",
        [value for lead in leads for value in lead_values(lead)],
        rows=False,
    )


CLAIM_SQL = """
INSERT INTO {table} (subscription_id, vendor_id, day, used, cap)
{rows}
ON CONFLICT (subscription_id, day)
DO UPDATE SET used = {table}.used + 1, cap = excluded.cap
WHERE {table}.used < excluded.cap
RETURNING subscription_id
"""


def claim_quotas(quotas: list[tuple[int, int, date, int]]) -> set[int]:
    """The conditional upsert of matching/quota.py for each (subscription_id,
    vendor_id, day, cap), in the order given; the subscription ids that had room."""
    if not quotas:
        return set()
    values = "VALUES " + ", ".join(["(%s, %s, %s, 1, %s)"] * len(quotas))
    params = [value for quota in quotas for value in quota]
    claimed = run(CLAIM_SQL.format(table=Quota._meta.db_table, rows=values), params)
    return {row[0] for row in claimed}


def claim_and_record(
    intent_id: int,
    leads: list[Lead],
    quotas: list[tuple[date, int]],
    now: datetime,
    *,
    after_rank: int,
    exhausted_if_all: bool,
) -> list[Lead]:
    """Claim each lead's daily quota, given as (the vendor's day, the cap) in the same
    order, in subscription id order; insert the leads whose claim had room (skipping
    any the (intent, vendor) constraint refuses), ranked from `after_rank` + 1 in the
    order given; and mark the intent matched, and exhausted when `exhausted_if_all`
    and every claim had room. Returns the leads kept, their ranks set.

    On PostgreSQL this is one statement of fixed text, prepared once, with the leads in
    one JSON parameter: the claim, the insert and the mark used to be three round trips,
    and a parameter per value made psycopg convert and PostgreSQL parse a new text for
    every count of leads."""
    if connection.vendor != "postgresql":
        granted = claim_quotas(
            sorted(
                (lead.subscription_id, lead.vendor_id, day, cap)
                for lead, (day, cap) in zip(leads, quotas, strict=True)
            )
        )
        kept = _ranked([lead for lead in leads if lead.subscription_id in granted], after_rank)
        insert_leads(kept)
        mark_matched(intent_id, now, exhausted=exhausted_if_all and len(kept) == len(leads))
        return kept
    rows = json.dumps(
        [
            [lead.vendor_id, lead.subscription_id, lead.score, lead.reasons, lead.distance_km,
             day.isoformat(), cap]
            for lead, (day, cap) in zip(leads, quotas, strict=True)
        ]
    )  # fmt: skip
    (granted,) = run(CLAIM_AND_RECORD_SQL, [
        rows, intent_id, Lead.Status.NEW.value, after_rank, now, now, exhausted_if_all,
        len(leads), now, intent_id,
    ])[0]  # fmt: skip
    granted = set(granted or ())
    return _ranked([lead for lead in leads if lead.subscription_id in granted], after_rank)


def _ranked(leads: list[Lead], after_rank: int) -> list[Lead]:
    for rank, lead in enumerate(leads, start=after_rank + 1):
        lead.rank = rank
    return leads


# The lock order of the quota rows is the subscription ids' (INSERT ... SELECT ...
# ORDER BY), as in claim_quotas; the leads' ranks follow the order given, among the
# claims that had room. Data-modifying WITH parts all run, referenced or not.
CLAIM_AND_RECORD_SQL = """
WITH wanted AS (
    SELECT (l->>0)::bigint AS vendor_id, (l->>1)::bigint AS subscription_id,
        (l->>2)::float8 AS score, l->3 AS reasons, (l->>4)::float8 AS distance_km,
        (l->>5)::date AS day, (l->>6)::int AS cap, n
    FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS w (l, n)
), claimed AS (
    {claim}
), inserted AS (
    INSERT INTO {lead} ({lead_columns})
    SELECT %s, vendor_id, subscription_id, %s, score, %s + row_number() OVER (ORDER BY n),
        reasons, distance_km, %s
    FROM wanted WHERE subscription_id IN (SELECT subscription_id FROM claimed)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
UPDATE {intent} SET matched_at = %s,
    exhausted_at = CASE WHEN %s AND (SELECT count(*) FROM claimed) = %s THEN %s
        ELSE exhausted_at END
WHERE id = %s
RETURNING (SELECT array_agg(subscription_id) FROM claimed)
""".format(
    claim=CLAIM_SQL.format(
        table=Quota._meta.db_table,
        rows="SELECT subscription_id, vendor_id, day, 1, cap FROM wanted ORDER BY subscription_id",
    ).strip(),
    lead=Lead._meta.db_table,
    lead_columns=", ".join(LEAD_COLUMNS),
    intent=Intent._meta.db_table,
)


def mark_matched(intent_id: int, now: datetime, *, exhausted: bool) -> None:
    when = connection.ops.adapt_datetimefield_value(now)
    sql, params = f"UPDATE {Intent._meta.db_table} SET matched_at = %s", [when]
    if exhausted:
        sql += ", exhausted_at = %s"
        params.append(when)
    run(sql + " WHERE id = %s", [*params, intent_id], rows=False)
