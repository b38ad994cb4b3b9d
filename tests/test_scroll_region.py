"""`{% scroll_region %}`: a wide table in a focusable region named by its caption."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def test_the_region_is_focusable_and_named_by_the_caption_id_built_from_its_parts():
    template = Template(
        '{% load tables %}{% scroll_region "line-" number "-caption" %}<table></table>{% endscroll_region %}'
    )
    assert template.render(Context({"number": 3})) == (
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="line-3-caption"><table></table></div>'
    )


def test_the_id_is_escaped_and_required():
    template = Template("{% load tables %}{% scroll_region id %}x{% endscroll_region %}")
    assert 'aria-labelledby="a&quot;b"' in template.render(Context({"id": 'a"b'}))
    with pytest.raises(TemplateSyntaxError):
        Template("{% load tables %}{% scroll_region %}x{% endscroll_region %}")
