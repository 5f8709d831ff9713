"""The embedded sandbox: a local emulator of the three APIs on SQLite, with seeded faults.

Entry points: :func:`contracts.sandbox.app.create_app` (the ASGI app),
:func:`contracts.sandbox.server.running_sandbox` (a served instance for tests),
:mod:`contracts.sandbox.faults` (the fault registry) and ``skuguard sandbox``. The shared
parts sit here; each API is a package of its own (``norce``, ``kaching``, ``unleashed``).
"""
