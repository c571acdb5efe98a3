"""The comparison with similar bodies: per area, the lowest, middle (median) and highest score of
the latest closed assessments of organisations of the same type on this instance.

Rules, from the issue and ``scoring.md``:

* opt-in per organisation (``Organisation.compare_with_similar``): only organisations that opted
  in count, and only they see the figures;
* each organisation counts once per mode: its latest closed assessment of that mode;
* an area's figures are shown only where at least ``MIN_ORGANISATIONS`` organisations contributed,
  and nobody is ever named. Below the threshold the figures never leave the database (``HAVING``).

The figures are computed in SQL over the narrow ``ComparisonScore`` rows (see ``models``): an
ordered aggregate (``percentile_cont``) on PostgreSQL, window functions on SQLite. Two queries
whatever the number of organisations: the organisation's own rows, and the peers' figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from rasp.domain.framework.schema import AreaId, Mode
from rasp.frameworks.selectors import framework_of, framework_version_latest_published
from rasp.organisations.models import Membership, Organisation
from rasp.reports.models import ComparisonScore

MIN_ORGANISATIONS = 5


@dataclass(frozen=True)
class Spread:
    lowest: float
    median: float
    highest: float


@dataclass(frozen=True)
class AreaComparison:
    area: str
    name: str
    own_adjusted: float | None
    own_declared: float | None
    organisations: int | None  # None below the threshold: nothing is shown
    adjusted: Spread | None
    declared: Spread | None


@dataclass(frozen=True)
class Comparison:
    organisation: Organisation
    kind_label: str
    mode: Mode
    opted_in: bool
    own_title: str | None
    own_closed_at: dt.datetime | None
    areas: tuple[AreaComparison, ...]

    @property
    def any_shown(self) -> bool:
        return any(area.organisations is not None for area in self.areas)


def mode_words() -> dict[Mode, str]:
    return {
        Mode.READINESS: _("Readiness"),
        Mode.HEALTH_CHECK: _("Health-check"),
        Mode.NEW_PARTNER: _("New partner"),
    }


_POSTGRES_SQL = """
SELECT area, COUNT(DISTINCT organisation_id),
       MIN(adjusted_score), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY adjusted_score),
       MAX(adjusted_score),
       MIN(declared_score), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY declared_score),
       MAX(declared_score)
FROM {table}
WHERE organisation_kind = %s AND mode = %s AND latest AND opted_in
  AND adjusted_score IS NOT NULL AND declared_score IS NOT NULL
GROUP BY area
HAVING COUNT(DISTINCT organisation_id) >= %s
"""

# SQLite has no ordered aggregate: the median is the mean of the middle one or two values,
# found by ranking each area's scores with window functions.
_SQLITE_SQL = """
WITH peers AS (
  SELECT area, organisation_id, adjusted_score AS adjusted, declared_score AS declared,
         ROW_NUMBER() OVER (PARTITION BY area ORDER BY adjusted_score) AS adjusted_rank,
         ROW_NUMBER() OVER (PARTITION BY area ORDER BY declared_score) AS declared_rank,
         COUNT(*) OVER (PARTITION BY area) AS n
  FROM {table}
  WHERE organisation_kind = %s AND mode = %s AND latest AND opted_in
    AND adjusted_score IS NOT NULL AND declared_score IS NOT NULL
)
SELECT area, COUNT(DISTINCT organisation_id),
       MIN(adjusted),
       AVG(CASE WHEN adjusted_rank IN ((n + 1) / 2, (n + 2) / 2) THEN adjusted END),
       MAX(adjusted),
       MIN(declared),
       AVG(CASE WHEN declared_rank IN ((n + 1) / 2, (n + 2) / 2) THEN declared END),
       MAX(declared)
FROM peers
GROUP BY area
HAVING COUNT(DISTINCT organisation_id) >= %s
"""


def peer_figures(*, kind: str, mode: Mode) -> dict[str, tuple[int, Spread, Spread]]:
    """Per area with at least ``MIN_ORGANISATIONS`` contributors: (count, evidence-adjusted
    spread, declared spread), rounded to one decimal place. One query."""
    template = _POSTGRES_SQL if connection.vendor == "postgresql" else _SQLITE_SQL
    sql = template.format(table=connection.ops.quote_name(ComparisonScore._meta.db_table))
    figures = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, mode.value, MIN_ORGANISATIONS])
        for area, count, a_low, a_mid, a_high, d_low, d_mid, d_high in cursor.fetchall():
            figures[area] = (
                int(count),
                Spread(round(a_low, 1), round(float(a_mid), 1), round(a_high, 1)),
                Spread(round(d_low, 1), round(float(d_mid), 1), round(d_high, 1)),
            )
    return figures


def _area_names() -> dict[str, str]:
    version = framework_version_latest_published()
    names = {area.value: area.value.replace("-", " ").capitalize() for area in AreaId}
    if version is not None:
        names.update({area.id.value: area.name for area in framework_of(version).areas})
    return names


def similar_bodies_comparison(*, membership: Membership, mode: Mode) -> Comparison:
    """The member's organisation beside similar bodies in ``mode``. Nothing of the peers is read
    unless the organisation has opted in."""
    organisation = membership.organisation
    names = _area_names()
    kind_label = str(organisation.get_kind_display())
    own = list(
        ComparisonScore.objects.filter(organisation=organisation, mode=mode.value, latest=True)
        .select_related("assessment")
        .only("area", "declared_score", "adjusted_score", "closed_at", "assessment__title")
    )
    own_by_area = {row.area: row for row in own}
    opted_in = organisation.compare_with_similar
    figures = peer_figures(kind=organisation.kind, mode=mode) if opted_in else {}
    areas = []
    for area_id in AreaId:
        row = own_by_area.get(area_id.value)
        peers = figures.get(area_id.value)
        areas.append(
            AreaComparison(
                area_id.value,
                names[area_id.value],
                row.adjusted_score if row else None,
                row.declared_score if row else None,
                peers[0] if peers else None,
                peers[1] if peers else None,
                peers[2] if peers else None,
            )
        )
    return Comparison(
        organisation,
        kind_label,
        mode,
        opted_in,
        own[0].assessment.title if own else None,
        own[0].closed_at if own else None,
        tuple(areas),
    )
