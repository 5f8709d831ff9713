"""Domain checks of Unleashed StockOnHand: pagination, filters, order, quantities, lookups."""

from contracts.checks.unleashed import filters, paging, stock

__all__ = ["filters", "paging", "stock"]
