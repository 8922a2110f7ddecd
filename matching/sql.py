"""The statements matching runs for every intent, as plain SQL.

Measured on this 2-core machine, compiling an ORM query cost 0.4-0.6 ms, more than
PostgreSQL took to run it, and matching runs several per intent (docs/performance.md).
These few statements are therefore written out once, in SQL that PostgreSQL and SQLite
both accept; everything else stays in the ORM. Values go through the model fields'
own adapters, so types are stored exactly as the ORM would store them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import connection

from accounts.models import VendorBlock
from intents.models import Category, CategoryGroup, Intent, IntentTerm, Term
from matching.models import Lead, Quota, Reach, Route

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


def run(sql: str, params: list, *, rows: bool = True) -> list[tuple]:
    """Execute one of these statements. (Server-side prepared statements were tried on
    PostgreSQL and measured no faster here: docs/performance.md.)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if rows else []


def route_rows(
    *,
    topics: list[int],
    cells: list[int],
    box,
    terms_mask: int,
    budget: Decimal | None,
    currency: str,
    excluded_vendor_ids: frozenset[int],
) -> list[tuple]:
    """The routes reaching the cells for the topics, inside the box, whose terms and
    minimum budget the intent meets: subscription_id, vendor_id, topic, lat, lng,
    radius_km, min_budget, currency, terms_mask, daily_cap, time_zone, hours_key."""
    topic_sql, topic_params = any_of("x.topic", topics)
    cell_sql, cell_params = any_of("x.cell", cells)
    sql = (
        "SELECT r.subscription_id, r.vendor_id, x.topic, r.lat, r.lng, r.radius_km,"
        " r.min_budget, r.currency, r.terms_mask, r.daily_cap, r.time_zone, r.hours_key"
        f" FROM {Reach._meta.db_table} x"
        f" JOIN {Route._meta.db_table} r ON r.subscription_id = x.route_id"
        f" WHERE {topic_sql} AND {cell_sql}"
        " AND r.lat BETWEEN %s AND %s AND r.lng BETWEEN %s AND %s"
        " AND (r.terms_mask & %s) = %s"
    )
    params = [
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
    rows = run(sql, params)
    if connection.vendor != "postgresql":  # SQLite hands NUMERIC back as float
        rows = [(*r[:6], None if r[6] is None else Decimal(str(r[6])), *r[7:]) for r in rows]
    return rows


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


def locked_intent(intent_id: int) -> Intent | None:
    """One statement for what the ORM needs three joins and a subquery to build: the
    intent (locked FOR UPDATE where the database can), its category and group names,
    the business its customer works for (own_vendor_id) and the businesses the
    customer blocked (blocked_vendor_ids)."""
    lock = " FOR UPDATE OF i" if connection.features.has_select_for_update_of else ""
    ids = (
        "string_agg(b.vendor_id::text, ',')"
        if connection.vendor == "postgresql"
        else ("group_concat(b.vendor_id, ',')")
    )
    found = Intent.objects.raw(
        "SELECT i.*, c.name AS category_name, c.group_id AS group_id, g.name AS group_name,"
        " (SELECT m.vendor_id FROM vendors_membership m WHERE m.user_id = i.customer_id)"
        " AS own_vendor_id,"
        f" (SELECT {ids} FROM {VendorBlock._meta.db_table} b"
        " WHERE b.customer_id = i.customer_id) AS blocked_ids"
        f" FROM {Intent._meta.db_table} i"
        " JOIN intents_category c ON c.id = i.category_id"
        f" JOIN intents_categorygroup g ON g.id = c.group_id WHERE i.id = %s{lock}",
        [intent_id],
    )
    intent = next(iter(found), None)
    if intent is not None:
        intent.blocked_vendor_ids = frozenset(
            int(vendor_id) for vendor_id in (intent.blocked_ids or "").split(",") if vendor_id
        )
        intent.category = Category(
            pk=intent.category_id,
            name=intent.category_name,
            group=CategoryGroup(pk=intent.group_id, name=intent.group_name),
        )
    return intent


def lead_vendor_ids(intent_id: int) -> set[int]:
    return {
        row[0]
        for row in run(
            f"SELECT vendor_id FROM {Lead._meta.db_table} WHERE intent_id = %s", [intent_id]
        )
    }


def insert_leads(leads: list[Lead]) -> None:
    """A multi-row insert that skips a lead the (intent, vendor) constraint refuses."""
    if not leads:
        return
    ops = connection.ops
    params = []
    for lead in leads:
        params += [
            lead.intent_id,
            lead.vendor_id,
            lead.subscription_id,
            lead.status,
            lead.score,
            lead.rank,
            ops.adapt_json_value(lead.reasons, None),
            lead.distance_km,
            ops.adapt_datetimefield_value(lead.matched_at),
        ]
    row = "(" + ", ".join(["%s"] * len(LEAD_COLUMNS)) + ")"
    run(
        f"INSERT INTO {Lead._meta.db_table} ({', '.join(LEAD_COLUMNS)})"
        f" VALUES {', '.join([row] * len(leads))} ON CONFLICT DO NOTHING",
        params,
        rows=False,
    )


def mark_matched(intent_id: int, now: datetime, *, exhausted: bool) -> None:
    when = connection.ops.adapt_datetimefield_value(now)
    sql, params = f"UPDATE {Intent._meta.db_table} SET matched_at = %s", [when]
    if exhausted:
        sql += ", exhausted_at = %s"
        params.append(when)
    run(sql + " WHERE id = %s", [*params, intent_id], rows=False)
