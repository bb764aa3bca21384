"""Forecasts of daily cost and usage with their measured accuracy (issue 13).

`models` (seasonal naive, additive Holt-Winters; numpy only) ← `backtest` (rolling-origin selection, empirical
intervals, MASE/sMAPE/coverage) ← `series` (daily series from the FOCUS table and the samples, with the bad-input
rules) ← `job` (one run: read, forecast, store, score) ← `cli` (`finops report forecast`). `budget` turns stored
forecasts and a YAML budget list into breach dates for the report and the forecast exporter.
"""
