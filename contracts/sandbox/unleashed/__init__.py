"""Unleashed StockOnHand in the sandbox: the routes, the stock query and XML replies."""
