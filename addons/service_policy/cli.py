"""``erp report monthly --site CODE --month YYYY-MM [--format json|xlsx] [-o FILE]``:
the monthly service statistics at the console (the page's and the API's figures)."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup, with_appcontext

from core import clock, sites
from core.cli import _fail, as_system
from core.context import system_context

ADDON = "service_policy"


@click.group("report", cls=AppGroup)
def report_group():
    """Reports."""


@report_group.command("monthly")
@click.option("--site", "site_code", required=True)
@click.option("--month", required=True, help="YYYY-MM")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json")
@click.option("-o", "--output", default=None,
              help="file to write (json: the console when absent; xlsx: "
                   "<site>-monthly-<month>.xlsx)")
@with_appcontext
@as_system
def monthly_command(site_code, month, fmt, output):
    """The monthly service statistics of a site."""
    from .monthly_statistics import as_json, monthly_figures
    from .monthly_xlsx import monthly_workbook

    try:
        site = sites.get_site(site_code)
    except sites.SiteError as error:
        _fail(str(error))
    if ADDON not in sites.enabled_addons(site.id):
        _fail(f"{ADDON} is not enabled on site {site_code}.")
    try:
        clock.parse_month(month)
    except ValueError:
        _fail(f"{month!r} is not a month; write it as YYYY-MM, e.g. 2026-11.")
    with system_context(site.id):
        figures = monthly_figures(site.id, month)
        if fmt == "xlsx":
            output = output or f"{site.code}-monthly-{month}.xlsx"
            with open(output, "wb") as out:
                out.write(monthly_workbook(figures, site.name))
            click.echo(f"Wrote {output}.")
            return
        text = json.dumps(as_json(figures), ensure_ascii=False, indent=2)
    if output:
        with open(output, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        click.echo(f"Wrote {output}.")
    else:
        click.echo(text)


def register(app) -> None:
    """Add ``erp report monthly``; another addon's ``report`` group keeps its commands."""
    existing = app.cli.commands.get("report")
    if isinstance(existing, click.Group):
        existing.add_command(monthly_command)
    else:
        app.cli.add_command(report_group)
