"""The Rosetta gateway: app factory, settings, auth gate, error rendering and CLI."""

from gateway.app import build_app
from gateway.settings import Settings

__all__ = ["Settings", "build_app"]
