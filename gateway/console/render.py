"""Templates (Jinja2, autoescaped) for the console's views."""

from __future__ import annotations

import json
import time
from functools import cache

import jinja2
from starlette.responses import HTMLResponse


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gateway.console", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    env.filters["stamp"] = lambda seconds: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))
    env.filters["when"] = lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""
    return env


def page(template: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(environment().get_template(template).render(**context), status_code=status)
