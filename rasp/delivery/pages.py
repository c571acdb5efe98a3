"""What the delivery pages and exports show beyond the rows: the chart of one benefit, figures
as people type them back into a form, and the words for standings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rasp.delivery import charts
from rasp.delivery.models import Benefit
from rasp.delivery.selectors import BenefitRow, figure_text, trajectory_of
from rasp.domain.delivery.benefits import Standing
from rasp.domain.delivery.money import format_money, format_money_short, format_quantity


def standing_words() -> dict[Standing, str]:
    return {
        Standing.ON_PLAN: _("On plan"),
        Standing.AHEAD: _("Ahead of plan"),
        Standing.BEHIND: _("Behind plan"),
        Standing.NO_ACTUALS: _("No actuals yet"),
    }


def standing_tag(standing: Standing) -> str:
    """The GOV.UK tag colour for a standing (the words carry the meaning; colour repeats it)."""
    return {
        Standing.ON_PLAN: "govuk-tag--green",
        Standing.AHEAD: "govuk-tag--blue",
        Standing.BEHIND: "govuk-tag--red",
        Standing.NO_ACTUALS: "govuk-tag--grey",
    }[standing]


def figure_input(benefit: Benefit, value: Decimal) -> str:
    """A stored figure as it would be typed: "£1,200,000" or "72"."""
    if benefit.is_financial:
        return format_money(int(value))
    return format_quantity(value)


@dataclass(frozen=True)
class ChartView:
    svg: str
    summary: str


def benefit_chart_for(row: BenefitRow) -> ChartView:
    benefit = row.benefit
    trajectory = trajectory_of(benefit)
    expected = [
        charts.Point(benefit.starts_on, trajectory.baseline),
        charts.Point(benefit.target_on, trajectory.target),
    ]
    actual = [
        charts.Point(a.actual.period_end, a.value, a.standing is Standing.BEHIND)
        for a in row.actuals
    ]
    latest = row.latest
    if latest is None:
        summary = _(
            "No actuals recorded yet. Expected to move from %(baseline)s on %(start)s to "
            "%(target)s by %(end)s."
        ) % {
            "baseline": figure_text(benefit, trajectory.baseline),
            "start": _day(benefit.starts_on),
            "target": figure_text(benefit, trajectory.target),
            "end": _day(benefit.target_on),
        }
    else:
        summary = _(
            "Latest actual %(actual)s for the period to %(when)s, against %(expected)s expected "
            "by then: %(standing)s. Target %(target)s by %(end)s."
        ) % {
            "actual": figure_text(benefit, latest.value),
            "when": _day(latest.actual.period_end),
            "expected": figure_text(benefit, latest.expected),
            "standing": standing_words()[latest.standing].lower(),
            "target": figure_text(benefit, trajectory.target),
            "end": _day(benefit.target_on),
        }

    def label(value: Decimal) -> str:
        if benefit.is_financial:
            return format_money_short(int(value))
        return format_quantity(value.quantize(Decimal("0.1")))

    svg = charts.benefit_chart(
        chart_id=f"benefit-{benefit.pk}-chart",
        words=charts.Words(
            title=_("Expected and actual: %(title)s") % {"title": benefit.title},
            description=summary,
            expected=_("Expected"),
            actual=_("Actual"),
            behind=_("Behind plan"),
        ),
        expected=expected,
        actual=actual,
        label=label,
        date_label=lambda when: date_format(when, "M Y"),
    )
    return ChartView(svg, summary)


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")
