"""Dialogs: column mapping, settings, errors and crashes, about."""
