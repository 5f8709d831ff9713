"""Unleashed pagination: the page arithmetic adds up, and walking the pages finds every row."""

from __future__ import annotations

import math

from contracts.checks.context import CheckContext, Unmet
from contracts.checks.registry import check, path_parameters
from contracts.checks.sources import source_of
from contracts.checks.unleashed.common import (
    LIST,
    MAX_WALK_PAGES,
    PAGE,
    default_page_size,
    follow_up_get,
    items_of,
    list_body,
    list_filters,
    page_path,
    row_id,
)


@check(
    name="unleashed_pagination_arithmetic",
    source=source_of("unleashed_pagination_arithmetic"),
    api="unleashed",
    operations=(LIST, PAGE),
    description="Pagination agrees with itself and the request: pages = ceil(items / size), "
    "the page and size echo the request, and the page holds the rows it should.",
)
def pagination_arithmetic(ctx: CheckContext) -> None:
    body = list_body(ctx)
    if body is None:
        return
    pagination = body["Pagination"]
    items = items_of(body) or []
    total, size = pagination.get("NumberOfItems"), pagination.get("PageSize")
    page, pages = pagination.get("PageNumber"), pagination.get("NumberOfPages")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (total, size, page, pages)):
        raise Unmet(f"Pagination fields must be integers, got {pagination}")
    assert isinstance(total, int)
    assert isinstance(size, int)
    assert isinstance(page, int)
    assert isinstance(pages, int)
    asked_page = int(
        path_parameters("unleashed", ctx.operation_id, ctx.request.path).get("pageNumber", "1")
    )
    asked_size_text = ctx.request.query_value("pageSize")
    asked_size = int(asked_size_text) if asked_size_text and asked_size_text.isdigit() else None
    expected_size = asked_size if asked_size is not None else default_page_size()
    if size != expected_size:
        raise Unmet(f"expected PageSize {expected_size} (as asked), got {size}")
    if page != asked_page:
        raise Unmet(f"expected PageNumber {asked_page} (as asked), got {page}")
    if size > 0 and pages != math.ceil(total / size):
        raise Unmet(
            f"expected NumberOfPages = ceil({total} / {size}) = {math.ceil(total / size)}, "
            f"got {pages}",
        )
    expected_rows = max(0, min(size, total - (page - 1) * size))
    if len(items) != expected_rows:
        raise Unmet(
            f"page {page} of {pages} (size {size}, {total} items) should hold {expected_rows} "
            f"rows, got {len(items)}",
        )


@check(
    name="unleashed_page_walk",
    source=source_of("unleashed_page_walk"),
    api="unleashed",
    operations=(LIST, PAGE),
    description="Walking every page of the same query yields NumberOfItems distinct rows "
    f"(at most {MAX_WALK_PAGES} pages; a single-page answer is re-walked in smaller pages).",
)
def page_walk(ctx: CheckContext) -> None:
    body = list_body(ctx)
    if body is None or ctx.client is None:
        return
    total = body["Pagination"].get("NumberOfItems")
    size = body["Pagination"].get("PageSize")
    if not isinstance(total, int) or not isinstance(size, int) or size < 1 or total == 0:
        return
    sizes = [size] if total > size else []
    if total >= 2:
        sizes.append(max(1, math.ceil(total / 3)))
    for page_size in sizes:
        if math.ceil(total / page_size) > MAX_WALK_PAGES:
            continue
        _walk(ctx, total, page_size)


def _walk(ctx: CheckContext, total: int, page_size: int) -> None:
    filters = [*list_filters(ctx), ("pageSize", str(page_size))]
    seen: list[tuple[str, str]] = []
    pages = math.ceil(total / page_size)
    for page in range(1, pages + 1):
        response = follow_up_get(ctx, page_path(page), filters)
        if response is None:
            return
        items = items_of(response.json) if response.status == 200 else None
        if items is None:
            raise Unmet(
                f"page {page} of the same query should be a list, got {response.describe()}"
            )
        seen.extend(row_id(item) for item in items)
    distinct = set(seen)
    if len(seen) != total or len(distinct) != total:
        duplicates = sorted({row for row in seen if seen.count(row) > 1})
        raise Unmet(
            f"walking {pages} pages of {page_size} should give {total} distinct rows, got "
            f"{len(seen)} rows, {len(distinct)} distinct"
            + (f" (repeated: {duplicates[:3]})" if duplicates else ""),
        )


# ---------------------------------------------------------------- filters and order
