"""Reusable widgets: the frame table view with filter, copy and export; KPI cards."""
