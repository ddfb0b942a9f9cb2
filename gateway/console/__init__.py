"""The web console (``/console``): browse the store, see every record's id in every dialect,
download a workspace.

The page at ``/console`` is a shell: with auth on it asks for an admin key and keeps it in the
tab's sessionStorage only. Its script loads each view from ``/console/pages/...`` (server-rendered
HTML fragments, read through the store protocol) with that key, following the hash
(``#/session?w=...&s=...``), so links, reloads and the back button work. Nothing is loaded from
another host: the script and the style sheet are served from ``/console/static``.
"""

from __future__ import annotations

from adapters.contract import Dialect
from gateway.console import pages
from gateway.console.migrations import Migrations
from gateway.console.assets import asset
from gateway.console.pages import admin


def routes(dialects: list[Dialect]) -> list[tuple[str, str, object]]:
    """(method, path, handler) for every console route."""
    views, migrations = pages.Views(dialects), Migrations()
    return [
        ("GET", "/console", views.shell),
        ("GET", "/console/static/console.js", asset("console.js", "text/javascript")),
        ("GET", "/console/static/console.css", asset("console.css", "text/css")),
        ("GET", "/console/pages/workspaces", admin(views.workspaces)),
        ("GET", "/console/pages/workspace", admin(views.workspace)),
        ("GET", "/console/pages/session", admin(views.session)),
        ("GET", "/console/pages/peer", admin(views.peer)),
        ("GET", "/console/pages/search", admin(views.search)),
        ("GET", "/console/pages/export", admin(views.export)),
        ("GET", "/console/pages/migrations", admin(migrations.index)),
        ("POST", "/console/pages/migrations", admin(migrations.start)),
        ("GET", "/console/pages/migration", admin(migrations.show)),
    ]


OPEN = ("/console", "/console/static/console.js", "/console/static/console.css")
