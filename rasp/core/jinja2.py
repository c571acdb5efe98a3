"""The Jinja2 environment for every page (the admin keeps Django templates).

Built once per process, so the GOV.UK macros compile once: rendering a component then costs about a
millisecond, not the tens of milliseconds of building an environment per component.
"""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from rasp.domain.framework.presentation import glossary_anchor


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    options["loader"] = ChoiceLoader([loader, govuk]) if loader else govuk
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.install_gettext_translations(translation, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "csrf_token_value": get_token,
        }
    )
    env.filters["date"] = date_format
    env.filters["glossary_anchor"] = glossary_anchor
    return env
