"""The start page's "log time saved" block, so the core need not import impact."""

from django import template

from impact import selectors
from impact.forms import TimeSavingForm

register = template.Library()


@register.inclusion_tag("impact/_time_saving_block.html", takes_context=True)
def time_saving_block(context):
    user = context["request"].user
    tasks = list(selectors.usable_tasks(user)) if user.is_authenticated else []
    return {"saving_form": TimeSavingForm(tasks=tasks, auto_id="tijdwinst_%s") if tasks else None,
            "csrf_token": context.get("csrf_token"), "request": context["request"]}
