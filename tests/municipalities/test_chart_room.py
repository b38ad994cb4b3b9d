"""A bar chart's label column and value room are as wide as its longest texts: nothing is cut off."""

from municipalities.charts import BAR_AREA, CHAR_WIDTH, LABEL_CHARACTERS, segmented_bar_chart


def test_the_label_column_grows_with_the_longest_label_and_the_break_text():
    short = segmented_bar_chart([[("a", 1, "1")]])
    long = segmented_bar_chart([[("Pleegzorggemeenten in Vlaanderen", 1, "1")]])
    assert long.label_width - short.label_width >= (len("Pleegzorggemeenten in Vlaanderen") - 1) * CHAR_WIDTH - 1
    with_break = segmented_bar_chart([[("a", 1, "1")], [("b", 2, "2")]], "breuk in de reeks: andere bron")
    assert with_break.label_width >= len("breuk in de reeks: andere bron") * CHAR_WIDTH


def test_every_label_and_value_fits_the_view_box():
    label = "Aantal pleeggezinnen dat in de loop van het jaar een kind opving (2023, factsheet)"
    text = "1.641 kinderen en volwassenen in netwerkpleegzorg"
    chart = segmented_bar_chart([[(label, 1641, text), ("kort", 3, "3 gezinnen")]])
    first = chart.bars[0]
    assert first.label == label and len(first.short_label) == LABEL_CHARACTERS
    assert first.short_label.startswith("Aantal pleeggezinnen") and first.short_label.endswith("…, factsheet)")
    assert chart.label_width - len(first.short_label) * CHAR_WIDTH >= 0  # the label, right-aligned, starts inside
    assert first.width == BAR_AREA
    assert chart.label_width + first.width + len(text) * CHAR_WIDTH <= chart.width  # the value ends inside
