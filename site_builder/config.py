"""One declared, validated configuration: `site.toml` at the site root, with defaults.

Unknown keys are refused (a typo must not silently do nothing), the way Zola's config does.
With no `site.toml` at all, the defaults build `seeds/` → `content/` → `output/`.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A problem in site.toml, reported as one line `path: problem`."""


@dataclass(frozen=True)
class ExtractConfig:
    """`[extract]`: how seeds become content pages."""

    reference_date: date | None = None   # resolves dates written without a year
    scheduler: str = ""                  # a Dask scheduler's address: extract on its cluster


@dataclass(frozen=True)
class SearchConfig:
    """`[search]`: the full-text index (Pagefind) over the article pages."""

    shard_size: int = 700     # articles a shard: Pagefind's memory grows with it (see search.py)
    background: bool = True   # a rebuild re-indexes in a detached process; false: it waits


@dataclass(frozen=True)
class Config:
    """The whole configuration of one site; paths are absolute after `load_config`."""

    root: Path = Path(".")
    title: str = "News Archive"
    description: str = ""
    language: str = "en"                 # the site's UI language: "id" or "en"
    base_url: str = ""                   # e.g. https://user.github.io/repo/ ; "" = relative only
    seeds_dir: str = "seeds"
    content_dir: str = "content"
    output_dir: str = "output"
    templates_dir: str = "templates"     # a site's own templates override the packaged theme
    cache_dir: str = ".cache"
    gazetteer_dir: str = ""              # "": the user's cache folder, shared by every site
    per_page: int = 20
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    search: SearchConfig = field(default_factory=SearchConfig)

    @property
    def seeds_path(self) -> Path:
        return self.root / self.seeds_dir

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    @property
    def gazetteer_path(self) -> Path | None:
        """Where the gazetteer's index is kept: None for the user's cache folder (built once a
        machine, for every site), else the site's own folder (tests, CI caches)."""
        return self.root / self.gazetteer_dir if self.gazetteer_dir else None


SUPPORTED_LANGUAGES = ("en", "id")
_SECTIONS = {"extract": ExtractConfig, "search": SearchConfig}
_TOP_KEYS = {f.name for f in fields(Config)} - {"root", *_SECTIONS}


def load_config(path: Path | None, root: Path | None = None) -> Config:
    """Read `path` (site.toml) if it exists; otherwise the defaults rooted at `root` or cwd."""
    root = (root or (path.parent if path else Path.cwd())).resolve()
    if path is None or not path.exists():
        if path is not None and path.name != "site.toml":
            raise ConfigError(f"{path}: no such config file")
        return Config(root=root)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    return _validate(raw, path, root)


def _validate(raw: dict[str, Any], path: Path, root: Path) -> Config:
    sections = {name: raw.pop(name, {}) for name in _SECTIONS}
    unknown = sorted(set(raw) - _TOP_KEYS)
    for name, section in sections.items():
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{name}] must be a table of keys")
        known = {f.name for f in fields(_SECTIONS[name])}
        unknown += sorted(f"{name}.{k}" for k in set(section) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}")
    config = Config(root=root)
    _check_types(config, raw, path, "")
    config = replace(config, **raw)
    if config.language not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"{path}: language must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    if config.per_page < 1:
        raise ConfigError(f"{path}: per_page must be at least 1")
    reference = sections["extract"].get("reference_date")
    if reference is not None and not isinstance(reference, date):
        raise ConfigError(f"{path}: extract.reference_date must be a date like 2020-11-25")
    search = SearchConfig()
    _check_types(search, sections["search"], path, "search.")
    search = replace(search, **sections["search"])
    if search.shard_size < 1:
        raise ConfigError(f"{path}: search.shard_size must be at least 1")
    scheduler = sections["extract"].get("scheduler", "")
    if not isinstance(scheduler, str):
        raise ConfigError(f"{path}: extract.scheduler must be a string like "
                          f"\"tcp://10.0.0.5:8786\", got {scheduler!r}")
    return replace(config, extract=ExtractConfig(reference, scheduler), search=search)


def _check_types(defaults: Any, raw: dict[str, Any], path: Path, prefix: str) -> None:
    """Each value of the type of its default (a bool is not a number here)."""
    for key, value in raw.items():
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise ConfigError(f"{path}: {prefix}{key} must be a {expected.__name__}, "
                              f"got {value!r}")
