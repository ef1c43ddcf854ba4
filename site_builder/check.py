"""`check`: validate content/ and list the articles whose metadata a person should look at.

Problems (exit 1): pages that do not parse or break the schema, duplicate slugs, tags that are
not URL-safe slugs (they would link nowhere). Review items (exit 0), listed first the fields
flagged for review (the page's `review:`, written by extraction or a person; a web page's date
that its text contradicts is one), then: inferred or unknown dates,
nothing found, seeds that changed under an edited page, pages whose seed (or
record of a crawl or export) is gone, seeds whose
text was repaired on reading (mojibake, control characters, odd whitespace: see repair.py).
What a page says is printed with its control characters escaped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config import Config
from site_builder.extract_state import ExtractState
from site_builder.load import Loader
from site_builder.model import Article
from site_builder.seeds import SeedError, read_seed
from site_builder.store import Store, unpack_article
from site_builder.urls import slugify
from site_builder.web import is_web_seed
from site_builder.write import folder_lock


@dataclass
class CheckResult:
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)     # fields under `review:`, listed first
    records: dict[str, set[str]] = field(default_factory=dict)   # a web seed's, by its name


def check_content(config: Config) -> CheckResult:
    """Every page read (through the build's database: pages unchanged since the last build are
    not parsed again) and checked. What it reads is never kept: the next build must still see
    the edits as edits."""
    content = config.content_path
    config.cache_path.mkdir(parents=True, exist_ok=True)
    with folder_lock(config.cache_path):
        store = Store.open(config.cache_path, content, config.language)
        try:
            loader = Loader(store, content, config.language, config.gazetteer_path)
            loader.load()
            loader.finish()
            result = CheckResult(problems=[printable(p) for p in loader.problems()])
            state = ExtractState.load(content)
            for slug, data in store.stream("SELECT slug, data FROM articles JOIN article_data "
                                           "USING (id) ORDER BY path"):
                result.pages += 1
                _check(unpack_article(data, slug), content, state, config, result)
        finally:
            store.db.rollback()
            store.close()
    result.review[:0] = result.flagged
    result.pages += len(result.problems)
    return result


def _check(article: Article, content: Path, state: ExtractState, config: Config,
           result: CheckResult) -> None:
    page = content / f"{article.slug}.md"
    result.problems.extend(_tag_problems(article, page))
    result.flagged.extend(f"{page}: {printable(name)} flagged for review: "
                          f"{_flag_reason(article, name, why)}"
                          for name, why in (article.review or {}).items())
    result.review.extend(f"{page}: {printable(why)}"
                         for why in review_reasons(article, config.root, result.records))
    if page.exists() and page.name in state.pages and not state.is_pristine(page):
        result.review.append(f"{page}: edited by hand (extract will keep it as it is)")


def _flag_reason(article: Article, name: str, why: object) -> str:
    """A `review:` entry's reason (a person may have written it), and for a web page's date the
    two dates that disagree: listed with the flag, so deleting the flag clears both."""
    reason = printable(str(why or "doubtful"))
    if name == "date" and article.date_confidence == "page" and article.extra.get("text_date"):
        reason += (f": the page dates it {article.date}, its text "
                   f"{article.extra['text_date']} (the page's date is kept)")
    return reason


def printable(text: str) -> str:
    """The text with newlines, terminal escapes and other control characters shown escaped
    (as Python writes them): a page's words must not forge lines or drive the terminal."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _tag_problems(article: Article, page: Path) -> list[str]:
    return [f"{page}: tag {tag!r} is not a URL-safe slug (did you mean {slugify(tag)!r}?)"
            for tag in article.tags if slugify(tag) != tag]


def review_reasons(article: Article, root: Path,
                   records: dict[str, set[str]] | None = None) -> list[str]:
    """Why a person should look at this article's metadata, if at all. `records`: the records
    of the web seed files read so far (each file is listed once a run)."""
    reasons = []
    if article.date is None:
        reasons.append(f"no date found ({article.date_text or 'no date words in the text'})")
    elif article.date_confidence == "inferred":
        reasons.append(f"date {article.date} inferred from {article.date_text!r} "
                       "(the year was not written)")
    if not article.places:
        reasons.append("no places found")
    if not article.source and not article.wire:
        reasons.append("no source or wire found")
    kinds = {m.kind for m in article.casualties.mentions}
    if article.casualties.killed is None and "killed" in kinds:
        reasons.append("death figures mentioned but no main toll chosen")
    if article.seed and not (root / article.seed).exists():
        reasons.append(f"its seed {article.seed} is gone")
    elif article.seed_record and is_web_seed(article.seed):
        if article.seed_record not in _records(root / article.seed, article.seed, records):
            reasons.append(f"its record {article.seed_record} is no longer in {article.seed} "
                           "(or the seed changed since the last build)")
    elif article.seed and not is_web_seed(article.seed):   # a page's text is always redone
        reasons.extend(_repairs(root / article.seed, article.seed))
    return reasons


def _records(seed: Path, name: str, known: dict[str, set[str]] | None) -> set[str]:
    """The records a web seed file holds now (WARC-Record-IDs, .jsonl line numbers)."""
    known = {} if known is None else known
    if name not in known:
        from site_builder.web.units import list_units
        known[name] = {unit.record for unit in list_units(seed).units if unit.record}
    return known[name]


def _repairs(seed: Path, name: str) -> list[str]:
    """What reading the seed repairs: the page shows the repaired text, worth a look."""
    try:
        repairs = read_seed(seed, seed.parent).repairs
    except SeedError:
        return []                 # unreadable now: extract reports it when it reads the seed
    return [f"its seed {name} was repaired on reading: {'; '.join(repairs)}"] if repairs else []
