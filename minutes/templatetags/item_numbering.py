"""`{{ item|item_heading }}`: an item headed by the one numbering rule (rendering.item_heading), for the lists."""

from django import template

from minutes.output.rendering import item_heading as heading

register = template.Library()


@register.filter
def item_heading(item):
    return heading(item)
