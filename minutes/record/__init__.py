"""The record beside minutes/models.py: workflow.py (status transitions), corrections.py (what changed after
publication), signals.py (derived data kept in step), admin.py (the record's admin forms and actions)."""
