"""Model layer: conversations, response times, attribution, KPIs, order checks, customer tiers.

Entry point: ``compute(dataset, settings, progress=None, should_cancel=None) -> Results``
(see compute.py).
"""
