"""The geometry of the attendance charts. Only numbers are made here; the SVG is written by templates
(templates/people/_attendance_bars.html, _register_grid.html), so every label is escaped like any other text."""

from .record import ABSENT, OUTCOMES, year_counts

BAR_LENGTH = 400  # px for the longest bar
LABEL_WIDTH = 56
ROW_HEIGHT = 30
BAR_HEIGHT = 20
CELL = 26
NAME_WIDTH = 200


def attendance_bars(year_rows):
    """One stacked bar per year (all panels together): present, apologies, substituted, absent."""
    totals = {}
    for row in year_rows:
        counts = totals.setdefault(row.year, dict.fromkeys(row.counts, 0))
        for outcome, n in row.counts.items():
            counts[outcome] += n
    longest = max((sum(c.values()) for c in totals.values()), default=0) or 1
    bars = []
    for index, year in enumerate(sorted(totals, reverse=True)):
        counts, x, segments = totals[year], LABEL_WIDTH, []
        for outcome, label in OUTCOMES:
            width = counts[outcome] * BAR_LENGTH / longest
            if counts[outcome]:
                segments.append(
                    {
                        "outcome": outcome,
                        "label": label,
                        "count": counts[outcome],
                        "x": round(x, 2),
                        "width": round(width, 2),
                    }
                )
            x += width
        y = index * ROW_HEIGHT
        bars.append(
            {
                "year": year,
                "y": y,
                "text_y": y + BAR_HEIGHT - 5,
                "segments": segments,
                "expected": sum(counts.values()),
                "present": counts["present"],
                "end_x": round(x + 6, 2),
            }
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_LENGTH + 90,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
    }


LETTERS = {"present": "P", "apologies": "A", "substituted": "S", ABSENT: "X"}


def register_grid(members, meetings, grid):
    """Members × meetings: one square per expected meeting, with its outcome's letter."""
    rows = []
    for index, person in enumerate(members):
        cells = []
        for column, cell in enumerate(grid[person.pk]):
            if cell is None:
                continue
            cells.append(
                {
                    "x": column * CELL,
                    "meeting": cell.meeting,
                    "outcome": cell.outcome,
                    "label": cell.outcome_label,
                    "letter": LETTERS[cell.outcome],
                }
            )
        rows.append(
            {
                "person": person,
                "y": index * CELL,
                "cells": cells,
                "full": grid[person.pk],
                "counts": year_counts(grid[person.pk]),
            }
        )
    return {
        "rows": rows,
        "cell": CELL,
        "inner": CELL - 4,
        "label_width": NAME_WIDTH,
        "text_y": CELL - 9,
        "letter_x": 6,
        "width": max(len(meetings), 1) * CELL,
        "height": max(len(members), 1) * CELL,
    }
