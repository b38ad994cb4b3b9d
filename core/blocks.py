"""Transcribed source text as paragraphs and lists, so that templates can show it as semantic HTML.

Transcriptions keep a source's own words and its layout in plain text: blocks are separated by a
blank line; inside a block, a line that starts with a list marker ("•", "–", "- ", or a letter
like "a) ") is a list item, and the other lines are prose. A transcription is never rewritten to
fit: `text_blocks` only decides which lines are prose and which are items.
"""

import re
from dataclasses import dataclass, field

BULLETS = ("•", "–", "- ")
LETTERED = re.compile(r"^[a-z]\) ")


@dataclass(frozen=True)
class Block:
    """One paragraph (`kind` "p", `text`) or one list (`kind` "ul", `items`)."""

    kind: str
    text: str = ""
    items: list = field(default_factory=list)


def _item(line):
    """The item's text without its bullet, or None when `line` is prose; a letter ("a) ") stays."""
    for bullet in BULLETS:
        if line.startswith(bullet):
            return line[len(bullet) :].strip()
    return line if LETTERED.match(line) else None


def text_blocks(text):
    """[Block, ...] for `text`: runs of prose lines become one paragraph, runs of items one list."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        prose, items = [], []
        for line in (line.strip() for line in chunk.split("\n")):
            if not line:
                continue
            item = _item(line)
            if item is None:
                if items:
                    blocks.append(Block("ul", items=items))
                    items = []
                prose.append(line)
            else:
                if prose:
                    blocks.append(Block("p", text=" ".join(prose)))
                    prose = []
                items.append(item)
        if prose:
            blocks.append(Block("p", text=" ".join(prose)))
        if items:
            blocks.append(Block("ul", items=items))
    return blocks
