"""The business's numbers over 7, 30 or 90 days, drawn as SVG, and as CSV."""

from __future__ import annotations

from django.http import HttpResponse

from portal import charts, insights, selectors
from portal.views.common import member_required, page


def _days(request) -> int:
    days = request.GET.get("days", "")
    return (
        int(days) if days.isdigit() and int(days) in insights.PERIODS else insights.DEFAULT_PERIOD
    )


@member_required
def insights_page(request):
    numbers = insights.compute(selectors.vendor_of(request), _days(request))
    context = {
        "numbers": numbers,
        "periods": insights.PERIODS,
        "daily_chart": charts.daily_chart(
            numbers.per_day, chart_id="chart-daily", title="Leads per day"
        ),
        "daily_chart_compact": charts.daily_chart(
            numbers.per_day,
            chart_id="chart-daily-compact",
            title="Leads per day",
            width=charts.COMPACT,
        ),
        "category_chart": charts.category_chart(
            numbers.by_category, chart_id="chart-categories", title="Leads by category"
        ),
    }
    return page(request, "portal/insights.html", context)


@member_required
def insights_csv(request):
    vendor = selectors.vendor_of(request)
    numbers = insights.compute(vendor, _days(request))
    response = HttpResponse(insights.as_csv(numbers), content_type="text/csv; charset=utf-8")
    name = f"beckon-insights-{numbers.first_day}-to-{numbers.last_day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
