"""The language of the demo data: the deployment's default UI language.

The demo shows what a real site would hold, so its names and texts are written in
the language its users read: Chinese on the default (``zh_CN``) deployment,
English where ``BABEL_DEFAULT_LOCALE`` is ``en`` (the test suite).  Demo data is
data, not a message: both texts sit next to each other in the demo module rather
than in a catalogue.
"""
from __future__ import annotations

from flask import current_app


def demo_is_chinese() -> bool:
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE", "zh_CN")).startswith("zh")


def demo_text(english: str, chinese: str) -> str:
    """``chinese`` on a Chinese deployment, else ``english``."""
    return chinese if demo_is_chinese() else english
