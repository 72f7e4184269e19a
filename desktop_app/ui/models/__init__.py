"""Qt item models that adapt the core's DataFrames for views."""
