"""Seeds → content pages: extract new or changed seeds, and never overwrite a human edit.

For each seed the decision is one of: unchanged (same inputs as last time: skip), new or
changed and the page is as extract wrote it (write it), or changed but a person edited the page
(keep the person's page and report the conflict).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from site_builder.content import (
    ContentError, ExtractState, article_from_front_matter, body_markdown, find_pages, page_text,
    write_atomically,
)
from site_builder.extract import EXTRACTOR_VERSION, Metadata, extract_metadata, load_gazetteer
from site_builder.model import Article
from site_builder.seeds import Seed, SeedError, find_seed_files, read_seed
from site_builder.urls import slugify, unique_slug

Progress = Callable[[int, int], None]


@dataclass
class ExtractReport:
    """What one extract run did, for the CLI to print."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)   # one-line conflict notices
    errors: list[str] = field(default_factory=list)        # one-line `path: problem`


def extract_seeds(targets: list[Path], content_dir: Path, root: Path,
                  reference_date: date | None, cache_dir: Path | None,
                  progress: Progress | None = None) -> ExtractReport:
    """Extract every seed under `targets` into `content_dir`, honouring the no-clobber rule."""
    report = ExtractReport()
    try:
        seed_files = find_seed_files(targets)
    except SeedError as err:
        report.errors.append(str(err))
        return report
    state = ExtractState.load(content_dir)
    page_of_seed = {entry["seed"]: content_dir / name for name, entry in state.pages.items()
                    if entry.get("seed")}
    taken = {p.stem for p in find_pages(content_dir)}
    gazetteer = None
    for index, path in enumerate(seed_files, 1):
        if progress:
            progress(index, len(seed_files))
        try:
            seed = read_seed(path, root)
        except SeedError as err:
            report.errors.append(str(err))
            continue
        reference = seed.collected or reference_date
        inputs = _inputs_hash(seed, reference)
        page = page_of_seed.get(seed.name)
        if page is not None and page.exists():
            if state.inputs_of(page) == inputs:
                report.unchanged += 1
                continue
            if not state.is_pristine(page):
                report.kept_edits.append(
                    f"{page}: edited by hand and its seed {seed.name} changed; kept the edited "
                    "page (delete it to re-extract)")
                continue
        if gazetteer is None:
            gazetteer = load_gazetteer(cache_dir)
        metadata = extract_metadata(seed.title, seed.body, reference, gazetteer)
        slug = page.stem if page is not None else _new_slug(seed, metadata, taken)
        try:
            article = article_from_seed(seed, metadata, slug, content_dir / f"{slug}.md")
        except ContentError as err:
            report.errors.append(str(err))
            continue
        page = content_dir / f"{slug}.md"
        text = page_text(article)
        write_atomically(page, text)
        state.record(page, text, inputs)
        state.pages[page.name]["seed"] = seed.name
        page_of_seed[seed.name] = page
        report.written.append(page)
    if report.written:
        state.save()
    return report


def _inputs_hash(seed: Seed, reference: date | None) -> str:
    """Everything a page's extraction depends on: when it changes, the page is re-extracted."""
    parts = [seed.sha256, seed.sidecar_sha256 or "", EXTRACTOR_VERSION, str(reference or "")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _new_slug(seed: Seed, metadata: Metadata, taken: set[str]) -> str:
    wanted = seed.sidecar.get("slug") or metadata.title
    slug = unique_slug(slugify(str(wanted)), taken)
    taken.add(slug)
    return slug


def article_from_seed(seed: Seed, metadata: Metadata, slug: str, page: Path) -> Article:
    """The page's Article: extraction's findings, overridden by the sidecar's facts."""
    meta: dict[str, Any] = {
        "title": metadata.title, "slug": slug,
        "date": metadata.date.value, "date_text": metadata.date.text,
        "date_confidence": metadata.date.confidence, "language": metadata.language,
        "source": metadata.attribution.source, "wire": metadata.attribution.wire,
        "dateline": metadata.attribution.dateline,
        "places": [p.to_dict() for p in metadata.places],
        "casualties": metadata.casualties.to_dict(),
        "tags": derive_tags(metadata),
    }
    sidecar = {k: v for k, v in seed.sidecar.items() if k not in ("collected", "slug")}
    if "tags" in sidecar:
        sidecar["tags"] = _merge_tags(meta["tags"], sidecar["tags"])
    if sidecar.get("date") is not None:
        meta["date_confidence"] = "sidecar"
    meta.update(sidecar)
    meta["seed"] = seed.name
    meta["seed_sha256"] = seed.sha256
    return article_from_front_matter(meta, body_markdown(seed.body), page)


def derive_tags(metadata: Metadata) -> list[str]:
    """Tags as slugs: the places named, the outlet and the wire agency."""
    names = [p.name for p in metadata.places]
    names += [n for n in (metadata.attribution.source, metadata.attribution.wire) if n]
    return _merge_tags([], names)


def _merge_tags(first: list[str], more: Any) -> list[str]:
    extra = more if isinstance(more, list) else [more]
    merged: list[str] = []
    for tag in [*first, *extra]:
        slug = slugify(str(tag))
        if slug and slug not in merged:
            merged.append(slug)
    return merged
