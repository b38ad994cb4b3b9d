"""Key-figure charts never join figures from different sources into one series."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from municipalities.charts import segmented_bar_chart
from municipalities.models import KeyFigure

pytestmark = pytest.mark.django_db


def section(html, series_label):
    """The <section> of the key-figures page whose heading starts with `series_label`."""
    for match in re.finditer(r"<section class=\"series\".*?</section>", html, re.S):
        if re.search(r"<h2[^>]*>" + re.escape(series_label), match.group(0)):
            return match.group(0)
    raise AssertionError(series_label)


def group_of(response, slug):
    return next(group for group in response.context["series"] if group["slug"] == slug)


def test_the_two_sources_of_dutch_foster_families_are_separate_series_with_a_visible_break(
    client, django_assert_max_num_queries
):
    sources = set(KeyFigure.objects.filter(series="nl-pleeggezinnen").values_list("source", flat=True))
    assert len(sources) == 2  # Pleegzorg Nederland 2016 (2014, 2015) and the factsheet 2024
    with django_assert_max_num_queries(2):
        response = client.get(reverse("municipalities:key_figures"))
    group = group_of(response, "nl-pleeggezinnen")
    assert [[f.date.year for f in segment] for segment in group["segments"]] == [[2014, 2015], [2024]]
    # In the chart, the break lies between 2015 and 2024: 2024 is never drawn as the next point of 2014-2015.
    (chart_break,) = group["chart"].breaks
    years = [bar.label[-5:-1] for bar in group["chart"].bars]
    ys = [bar.y for bar in group["chart"].bars]
    assert years == ["2014", "2015", "2024"] and ys[1] < chart_break.y < ys[2]
    html = response.content.decode()
    part = section(html, "Pleeggezinnen (gezinnen die voor pleegkinderen zorgden)")
    assert part.count("<tbody>") == 2
    assert "uit 2 bronnen die ze niet vergelijkbaar noemen" in part
    assert part.count('class="chart-break"') == 1 and 'stroke-dasharray="6 4"' in part
    assert "breuk in de reeks: andere bron" in part
    table = part.split("<table>")[1]
    assert table.index("16.223") < table.index("Breuk in de reeks — bron 2, niet vergelijkbaar") < table.index("14.713")


def test_a_series_from_one_source_has_no_break(client):
    response = client.get(reverse("municipalities:key_figures"))
    group = group_of(response, "vl-pleegzorggemeenten")
    assert len(group["segments"]) == 1 and group["chart"].breaks == []
    part = section(response.content.decode(), group["figures"][0].label)
    assert "chart-break" not in part and "Breuk in de reeks" not in part and part.count("<tbody>") == 1


def test_each_segment_has_its_own_scale_and_a_break_row():
    chart = segmented_bar_chart(
        [[("a", Decimal(10), "10"), ("b", Decimal(5), "5")], [], [("c", Decimal(1000), "1000")]], "breuk"
    )
    assert [bar.width for bar in chart.bars] == [300.0, 150.0, 300.0]
    assert [bar.y for bar in chart.bars] == [0, 26, 78]
    assert [(b.text, b.y) for b in chart.breaks] == [("breuk", 52)]
    assert chart.height == 108


def test_zero_and_negative_values_draw_no_bar():
    chart = segmented_bar_chart([[("a", 0, "0"), ("b", -3, "-3")]])
    assert [bar.width for bar in chart.bars] == [0, 0] and chart.breaks == []
