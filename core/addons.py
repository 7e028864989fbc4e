"""Finding, checking and ordering addons — without importing their code.

An addon is a Python package with a ``__manifest__.py`` holding one literal dict.
The manifest is read with ``ast.literal_eval`` so that dependencies are known (and
errors reported) before any addon code runs.  Three places are searched:

* the ``addons/`` folder of this project,
* every folder of ``ADDONS_PATHS`` (``ERP_ADDONS_PATHS``, ``:``-separated),
* installed distributions exposing the entry-point group ``erp.addons``
  (``name = package``).

Everything that is wrong raises :class:`AddonError` naming the addon and its file.
"""
from __future__ import annotations

import ast
import graphlib
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from core.setting_types import declaration_problem

ENTRY_POINT_GROUP = "erp.addons"
PROJECT_ADDONS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "addons")

# key -> (type, required, what it means)
MANIFEST_KEYS = {
    "name": (str, True, "technical name, equal to the package name"),
    "version": (str, True, "breaking.feature.fix"),
    "summary": (str, True, "one line saying what the addon does"),
    "depends": (list, True, "technical names of the addons it needs"),
    "license": (str, True, "licence of the code"),
    "author": (str, False, "who maintains it"),
    "description": (str, False, "longer text"),
    "manager": (str, False, "module:Class of its BaseManager (default manager:AddonManager)"),
    "schedules": (list, False, "scheduled jobs, see core.jobs"),
    "roles": (dict, False, "role name -> list of [view regex, permission regex]"),
    "demo": (str, False, "module:function that loads demo data for one site"),
    "events": (dict, False, "event name -> module:function listening to it"),
    "data": (list, False, "default data files loaded on enable"),
    "settings": (dict, False, "setting -> {type, default, min, max}, see core.setting_types"),
    "home_panels": (list, False, "panels of the home page, see core.home"),
    "report_figures": (dict, False, "report name -> module:function contributing "
                                    "figures to it, see core.reports"),
}
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SCHEDULE_KEYS = {"name": str, "function": str, "every": (int, float), "period": str,
                 "time_limit": int}
SCHEDULE_PERIODS = ("hour", "day", "week", "month", "minute")
# how often a job fires when it does not say (seconds): it works once per period anyway
SCHEDULE_EVERY = 3600
# the module of a home panel's or a job's function when the manifest names none: the
# function is then the one named like the panel or job, e.g. "home:open_requests"
DEFAULT_FUNCTION_MODULES = {"home_panels": "home", "schedules": "jobs"}


class AddonError(Exception):
    """An addon cannot be loaded; the message names it and its file."""


@dataclass
class Addon:
    name: str
    version: str
    summary: str
    depends: list[str]
    license: str
    path: str  # folder of the package
    module: str  # importable package name
    manifest: dict = field(default_factory=dict)

    @property
    def manifest_file(self) -> str:
        return os.path.join(self.path, "__manifest__.py")

    def get(self, key, default=None):
        return self.manifest.get(key, default)


def read_manifest(path: str, expected_name: str | None = None) -> dict:
    """Parse and check one ``__manifest__.py``; raise AddonError on any fault."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except OSError as exc:
        raise AddonError(f"cannot read manifest {path}: {exc}") from exc
    try:
        manifest = ast.literal_eval(source.strip())
    except (ValueError, SyntaxError) as exc:
        raise AddonError(f"manifest {path} is not one literal dict: {exc}") from exc
    if not isinstance(manifest, dict):
        raise AddonError(f"manifest {path} must be a dict, found {type(manifest).__name__}")
    who = manifest.get("name") or expected_name or path
    _fill_defaults(manifest)
    problems = []
    for key, (kind, required, _) in MANIFEST_KEYS.items():
        if key not in manifest:
            if required:
                problems.append(f"missing key '{key}'")
        elif not isinstance(manifest[key], kind):
            problems.append(f"'{key}' must be {kind.__name__}")
    unknown = sorted(set(manifest) - set(MANIFEST_KEYS))
    if unknown:
        problems.append("unknown keys " + ", ".join(repr(k) for k in unknown))
    if isinstance(manifest.get("version"), str) and not VERSION_RE.match(manifest["version"]):
        problems.append(f"version '{manifest['version']}' is not breaking.feature.fix")
    if isinstance(manifest.get("name"), str):
        if not NAME_RE.match(manifest["name"]):
            problems.append(f"name '{manifest['name']}' is not snake_case")
        elif expected_name and manifest["name"] != expected_name:
            problems.append(f"name '{manifest['name']}' differs from its package '{expected_name}'")
    if isinstance(manifest.get("depends"), list) and not all(
        isinstance(d, str) for d in manifest["depends"]
    ):
        problems.append("'depends' must be a list of names")
    for schedule in manifest.get("schedules") or []:
        problems.extend(_schedule_problems(schedule))
    if isinstance(manifest.get("settings"), dict):
        for key, spec in manifest["settings"].items():
            problems.extend(_setting_problems(key, spec))
    if problems:
        raise AddonError(f"addon '{who}': bad manifest {path}: " + "; ".join(problems))
    return manifest


def _fill_defaults(manifest: dict) -> None:
    """What a manifest may leave out: a home panel's or a job's ``function``, the one of
    its name (``DEFAULT_FUNCTION_MODULES``), and a job's ``every`` (``SCHEDULE_EVERY``).
    A setting always says its type: a default's shape would not tell money from text."""
    for key, module in DEFAULT_FUNCTION_MODULES.items():
        for entry in _dicts(manifest.get(key)):
            if isinstance(entry.get("name"), str):
                entry.setdefault("function", f"{module}:{entry['name']}")
    for schedule in _dicts(manifest.get("schedules")):
        schedule.setdefault("every", SCHEDULE_EVERY)


def _dicts(entries) -> list[dict]:
    """The dicts of a list in a manifest; anything else is left for the checks to name."""
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, dict)]


def _schedule_problems(schedule) -> list[str]:
    if not isinstance(schedule, dict):
        return ["each schedule must be a dict"]
    problems = []
    for key in ("name", "function", "every", "period"):
        if key not in schedule:
            problems.append(f"schedule {schedule.get('name', '?')} lacks '{key}'")
    for key, value in schedule.items():
        kind = SCHEDULE_KEYS.get(key)
        if kind is None:
            problems.append(f"schedule {schedule.get('name', '?')}: unknown key '{key}'")
        elif not isinstance(value, kind):
            problems.append(f"schedule {schedule.get('name', '?')}: bad '{key}'")
    if schedule.get("period") not in SCHEDULE_PERIODS:
        problems.append(
            f"schedule {schedule.get('name', '?')}: period must be one of "
            + ", ".join(SCHEDULE_PERIODS)
        )
    return problems


def _setting_problems(key, spec) -> list[str]:
    """``{"type": "int", "default": 7, "min": 1}``: a known type, bounds only for a
    number, and a default the setting takes (``core.setting_types``)."""
    problem = declaration_problem(spec)
    return [f"setting {key}: {problem}"] if problem else []


def _addon_at(folder: str, module: str) -> Addon:
    manifest_file = os.path.join(folder, "__manifest__.py")
    manifest = read_manifest(manifest_file, expected_name=module.rsplit(".", 1)[-1])
    return Addon(
        name=manifest["name"],
        version=manifest["version"],
        summary=manifest["summary"],
        depends=list(manifest["depends"]),
        license=manifest["license"],
        path=folder,
        module=module,
        manifest=manifest,
    )


def _scan_folder(folder: str, package_prefix: str | None) -> list[Addon]:
    """Addons directly inside ``folder``; ``package_prefix`` None means top-level."""
    found = []
    if not os.path.isdir(folder):
        return found
    for entry in sorted(os.listdir(folder)):
        candidate = os.path.join(folder, entry)
        if os.path.isfile(os.path.join(candidate, "__manifest__.py")):
            module = f"{package_prefix}.{entry}" if package_prefix else entry
            found.append(_addon_at(candidate, module))
    return found


def _scan_entry_points() -> list[Addon]:
    found = []
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        spec = importlib.util.find_spec(entry_point.value)
        if spec is None or not spec.submodule_search_locations:
            raise AddonError(
                f"addon '{entry_point.name}': entry point {entry_point.value} "
                "is not an importable package"
            )
        folder = list(spec.submodule_search_locations)[0]
        addon = _addon_at(folder, entry_point.value)
        if addon.name != entry_point.name:
            raise AddonError(
                f"addon '{entry_point.name}': entry point name differs from manifest "
                f"name '{addon.name}' in {addon.manifest_file}"
            )
        found.append(addon)
    return found


def discover(extra_paths=(), project_dir: str | None = PROJECT_ADDONS_DIR,
             use_entry_points: bool = True) -> dict[str, Addon]:
    """Every installed addon by name; duplicate names are an error."""
    candidates: list[Addon] = []
    if project_dir:
        candidates += _scan_folder(project_dir, "addons")
    for folder in extra_paths:
        folder = os.path.abspath(folder)
        if folder not in sys.path:
            sys.path.append(folder)
        candidates += _scan_folder(folder, None)
    if use_entry_points:
        candidates += _scan_entry_points()
    addons: dict[str, Addon] = {}
    for addon in candidates:
        if addon.name in addons and addons[addon.name].path != addon.path:
            raise AddonError(
                f"addon '{addon.name}' is installed twice: {addons[addon.name].manifest_file}"
                f" and {addon.manifest_file}"
            )
        addons[addon.name] = addon
    return addons


def order(addons: dict[str, Addon]) -> list[Addon]:
    """Dependencies first; ties by name so the order is stable everywhere."""
    for addon in addons.values():
        for dependency in addon.depends:
            if dependency not in addons:
                raise AddonError(
                    f"addon '{addon.name}' depends on '{dependency}', which is not "
                    f"installed ({addon.manifest_file})"
                )
    sorter = graphlib.TopologicalSorter(
        {name: addons[name].depends for name in sorted(addons)})
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        # graphlib lists the cycle from a dependency to its dependents: reversed, each
        # name is followed by one it depends on
        cycle = list(reversed(error.args[1]))
        raise AddonError("dependency cycle " + " -> ".join(cycle)
                         + f" ({addons[cycle[0]].manifest_file})") from error
    ordered: list[Addon] = []
    ready: list[str] = []
    while sorter.is_active():
        ready = sorted(ready + list(sorter.get_ready()))
        name = ready.pop(0)  # of the addons whose dependencies are in, the first by name
        ordered.append(addons[name])
        sorter.done(name)
    return ordered


def closure(names, addons: dict[str, Addon]) -> list[str]:
    """The named addons with everything they depend on, transitively."""
    result, pending = set(), list(names)
    while pending:
        name = pending.pop()
        if name not in result:
            result.add(name)
            pending.extend(addons[name].depends)
    return sorted(result)


def dependents(name: str, addons: dict[str, Addon]) -> list[str]:
    """Addons that need ``name``, directly or through others."""
    return sorted(
        other for other in addons
        if other != name and name in closure([other], addons)
    )
