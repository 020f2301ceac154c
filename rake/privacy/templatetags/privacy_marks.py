"""{% hidden_legend %}: the legend of the hidden-count mark (rake.privacy.marks) in the page's language."""

from django import template

from rake.privacy import marks

register = template.Library()


@register.simple_tag
def hidden_legend():
    return marks.legend()
