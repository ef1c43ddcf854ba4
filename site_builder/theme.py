"""The theme (templates and static files) and what every rendered page depends on.

The theme is the site's own `templates/` folder, then the packaged one: a site's file of the
same name wins. The theme key is a hash of everything every page depends on besides its own
data: this package's code and data, the theme's files and the configuration. When it changes,
every page is made again; when it does not, a page whose own data did not change is kept.

Files are hashed by content, not by modification time, so a fresh checkout or a restored CI
cache keeps its pages; their stamps spare re-reading files that did not move.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from site_builder import __version__
from site_builder.config import Config
from site_builder.files import stamp

PACKAGE = Path(__file__).parent
PACKAGE_THEME = PACKAGE / "templates"           # in an installed wheel
REPO_THEME = PACKAGE.parent / "templates"       # in a source checkout


def theme_dirs(config: Config) -> list[Path]:
    """Template folders, first match wins: the site's own `templates/`, then the packaged
    theme."""
    dirs = [config.templates_path] if config.templates_path.is_dir() else []
    dirs += [d for d in (PACKAGE_THEME, REPO_THEME) if d.is_dir()][:1]
    return dirs


def is_packaged(template_file: str | None) -> bool:
    """Whether a loaded template's file is the packaged theme's (not the site's own)."""
    if template_file is None:
        return False
    folder = Path(template_file).resolve().parent
    return any(folder == theme.resolve() or theme.resolve() in folder.parents
               for theme in (PACKAGE_THEME, REPO_THEME))


def static_files(config: Config) -> dict[str, Path]:
    """The theme's `static/` files by output path; a site's own file of the same name wins."""
    found: dict[str, Path] = {}
    for folder in reversed(theme_dirs(config)):
        static = folder / "static"
        if static.is_dir():
            for path in static.rglob("*"):
                if path.is_file():
                    found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


def _inputs(config: Config) -> list[Path]:
    """The package's files (code, catalogs, data) and the theme's, in a stable order."""
    files = {p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    for folder in theme_dirs(config):
        files.update(p for p in folder.rglob("*") if p.is_file())
    return sorted(files, key=lambda p: p.parts)


def theme_key(config: Config, known: dict[str, list]) -> tuple[str, dict[str, list]]:
    """(the theme key, the file hashes it was made from). `known` holds the hashes of the
    last build, by path: [mtime_ns, size, sha256]; a file whose stamp did not move is not
    read again. The settings that say how to run, not what to make (whether the search
    index is waited for, which Dask cluster extracts), are left out: `--wait-for-search`
    after a build without it must not re-render every page."""
    what_to_make = replace(config, search=replace(config.search, background=True),
                           extract=replace(config.extract, scheduler=""))
    digest = hashlib.sha256(f"{__version__}\0{what_to_make!r}\0".encode())
    hashes: dict[str, list] = {}
    for path in _inputs(config):
        name = str(path)
        mtime, size = stamp(path)
        entry = known.get(name)
        if not entry or entry[0] != mtime or entry[1] != size:
            entry = [mtime, size, hashlib.sha256(path.read_bytes()).hexdigest()]
        hashes[name] = entry
        digest.update(f"{name}\0{entry[2]}\0".encode())
    return digest.hexdigest()[:32], hashes


def dumps(hashes: dict[str, list]) -> str:
    return json.dumps(hashes, sort_keys=True)
