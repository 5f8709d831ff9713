"""The ``skuguard`` console script and its commands."""
