"""A wide table in its own scroll region, so the page never scrolls sideways on a phone.

    {% load tables %}
    {% scroll_region "plans-caption" %}   or, in a loop,   {% scroll_region "line-" line.number "-caption" %}
    <table><caption id="plans-caption">…</caption>…</table>
    {% endscroll_region %}

gives `<div class="table-scroll" tabindex="0" role="region" aria-labelledby="plans-caption">…</div>`:
keyboard users can focus the region to scroll it (WCAG 2.1.1, axe "scrollable-region-focusable"),
and screen readers announce it by the table's caption. The look is `.table-scroll` in site.css.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, id_parts, nodelist):
        self.id_parts = id_parts
        self.nodelist = nodelist

    def render(self, context):
        caption_id = "".join(str(part.resolve(context)) for part in self.id_parts)
        return format_html(
            '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
            caption_id,
            self.nodelist.render(context),
        )


@register.tag
def scroll_region(parser, token):
    """`{% scroll_region part ... %}…{% endscroll_region %}`: the caption's id, its parts (template
    expressions) joined."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("scroll_region takes the id of the table's caption")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)
