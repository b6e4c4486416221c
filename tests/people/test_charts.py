"""The SVG charts carry the same figures as the tables beside them (both parsed), and need no script."""

import re
import xml.etree.ElementTree as ET

import pytest
import tinyhtml5

from .builders import build_panel

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html, css_class):
    """The inline SVG, parsed as the XML it must be (so it is well formed on its own, e.g. for the PDF)."""
    match = re.search(rf'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}".*?</svg>', html, re.DOTALL)
    assert match, css_class
    return ET.fromstring(match[0])


def test_member_chart_matches_the_attendance_table(client):
    panel, people, _ = build_panel()
    for person in people:
        html = client.get(person.get_absolute_url()).content.decode()
        assert "<script" not in html
        svg = svg_of(html, "attendance-bars")
        assert svg.get("role") == "img" and svg.find(f"{SVG}title").text.startswith("Attendance of")
        drawn = {}
        for bar in svg.iter(f"{SVG}g"):
            counts = {r.get("data-outcome"): int(r.get("data-count")) for r in bar.iter(f"{SVG}rect")}
            # The tooltip and the printed total say the same as the rectangle's data.
            for rect in bar.iter(f"{SVG}rect"):
                assert rect.find(f"{SVG}title").text.endswith(f" {rect.get('data-count')}")
            total = bar.findall(f"{SVG}text")[-1].text
            assert total == f"{counts.get('present', 0)} present of {sum(counts.values())}"
            drawn[int(bar.get("data-year"))] = counts
        tabled = {}
        table = next(t for t in tinyhtml5.parse(html).iter(f"{XHTML}table") if t.get("id") == "attendance-table")
        for row in table.iter(f"{XHTML}tr"):
            if row.get("data-year"):
                year = tabled.setdefault(int(row.get("data-year")), {})
                for td in row.iter(f"{XHTML}td"):
                    if td.get("data-outcome") and int(td.text):
                        year[td.get("data-outcome")] = year.get(td.get("data-outcome"), 0) + int(td.text)
        assert drawn == tabled and drawn


def test_bar_lengths_are_proportional_to_the_counts(client):
    panel, people, _ = build_panel()
    svg = svg_of(client.get(people[0].get_absolute_url()).content.decode(), "attendance-bars")
    widths = [(float(r.get("width")), int(r.get("data-count"))) for r in svg.iter(f"{SVG}rect")]
    per_meeting = {round(w / n, 1) for w, n in widths}
    assert len(per_meeting) == 1


def test_panel_register_grid_matches_its_table(client):
    panel, people, _ = build_panel()
    response = client.get(f"/panels/{panel.slug}/attendance/?year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html, "register-grid")
    drawn = {
        g.get("data-person"): [c.get("data-outcome") for c in g.iter(f"{SVG}g") if c.get("class") == "cell"]
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "member"
    }
    table = next(t for t in tinyhtml5.parse(html).iter(f"{XHTML}table") if t.get("id") == "register-table")
    tabled, totals = {}, {}
    for row in table.iter(f"{XHTML}tr"):
        if row.get("data-person"):
            cells = list(row.iter(f"{XHTML}td"))
            tabled[row.get("data-person")] = [td.get("data-outcome") for td in cells if td.get("data-outcome")]
            totals[row.get("data-person")] = {
                td.get("data-total"): int(td.text) for td in cells if td.get("data-total")
            }
    assert drawn == tabled and len(drawn) >= 4
    for slug, outcomes in drawn.items():
        assert totals[slug] == {k: outcomes.count(k) for k in ("present", "apologies", "substituted", "absent")}


def test_register_rejects_a_year_without_minutes(client):
    panel, _, _ = build_panel()
    for bad in ("1999", "twenty", "2024'"):
        response = client.get(f"/panels/{panel.slug}/attendance/?year={bad}")
        assert response.status_code == 400
        assert "There are no published minutes in" in response.content.decode()
    assert client.get("/panels/no-such-panel/attendance/").status_code == 404
