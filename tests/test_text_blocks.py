from core.blocks import Block, text_blocks


def test_prose_lines_join_and_marked_lines_become_list_items():
    text = "Inleiding:\n- eerste\n- tweede\n\nSlot van\nde tekst.\n\n•Ze zijn\n– ook\na) met letter"
    assert text_blocks(text) == [
        Block("p", text="Inleiding:"),
        Block("ul", items=["eerste", "tweede"]),
        Block("p", text="Slot van de tekst."),
        Block("ul", items=["Ze zijn", "ook", "a) met letter"]),
    ]


def test_empty_and_windows_line_ends():
    assert text_blocks("") == [] and text_blocks(None) == []
    assert text_blocks("een\r\n\r\ntwee") == [Block("p", text="een"), Block("p", text="twee")]
    # A hyphen inside a line is no list marker; "-18" at a line start without a space is prose.
    assert text_blocks("-18 jaar") == [Block("p", text="-18 jaar")]
