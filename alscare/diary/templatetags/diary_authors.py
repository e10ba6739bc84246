"""How the diary names the person who wrote something."""

from django import template

from alscare.diary.models import author_name, display_name

register = template.Library()

register.filter("author_name", author_name)
register.filter("display_name", display_name)
