"""Limit/offset pagination: ``{"items": [...], "count": N, "next": url | null}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000

T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="At most 100")
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], params: PageParams
) -> dict[str, Any]:
    """One page of ``items``; ``count`` is the total; ``next`` links to the following page."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    page = list(items[params.offset : params.offset + params.limit])
    next_url = None
    if params.offset + params.limit < count:
        query = request.GET.copy()
        query["limit"] = str(params.limit)
        query["offset"] = str(params.offset + params.limit)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": page, "count": count, "next": next_url}
