"""The form renderer: Django's widget templates through Jinja2, falling back to Django templates
for widget templates that exist only as Django templates.

Jinja2 renders the portal's forms several times faster than the template-engine renderer, but
it only knows Django's built-in widgets (django/forms/jinja2). The admin's widgets
(admin/widgets/related_widget_wrapper.html, the date/time widgets, …) are Django templates in
the apps' template folders, and they include Django's own widget templates: the fallback is
Django's `DjangoTemplates` renderer, which looks in both.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class PortalFormRenderer(Jinja2):
    @cached_property
    def fallback(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
