"""Analyses over the stored costs and usage: showback and chargeback, optimization, forecasting, emissions.

Each analysis lives in SQL migrations (views and functions that Grafana and psql use the same way) and is run
and rendered by `finops report …`. Layering: reports use the kernel and `focus`; the exporters may expose their
results as metrics; the adapter never imports them.
"""
