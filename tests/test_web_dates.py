"""A web page's publication date, as the content page's front matter gives it: the day the page
shows its reader wins over a day it holds but does not show (site_builder/web/dates.py). The
pages are small copies of how real pages of htmldate's evaluation set are made (a CMS's meta
date, a UTC timestamp beside a local one, a date-like number in a blog's address, a copyright
line's year), and one from a review: a related article's date in a sidebar beside a page
dated "2 hours ago"."""
from __future__ import annotations

import io

import frontmatter
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

GERMAN = "".join(f"<p>{p}</p>" for p in (
    "Zum Geburtstag des Rieslings haben mehr als dreihundert Winzerinnen und Winzer ihre "
    "Keller geöffnet und Fotos ihrer Weinberge unter dem Stichwort geteilt.",
    "Die schönsten Beiträge werden mit einer Kiste ausgewählter Weine aus allen dreizehn "
    "Anbaugebieten belohnt, die Jury tagt Anfang Februar in Mainz.",
    "Im vergangenen Jahr hatten sich rund zweihundert Betriebe beteiligt; die Veranstalter "
    "rechnen in diesem Jahr mit deutlich mehr Einsendungen aus dem Ausland."))
ENGLISH = "".join(f"<p>{p}</p>" for p in (
    "Police are investigating after two people were stabbed and another was assaulted in "
    "Roxbury on Wednesday night, officials said.",
    "Officers responded to a report of a fight on Warren Street shortly after nine and found "
    "three people hurt; two were taken to a hospital with wounds not thought to be "
    "life-threatening.",
    "No arrests have been made. Anyone with information is asked to call the district's "
    "detectives or leave an anonymous tip."))


INDONESIAN = "".join(f"<p>{p}</p>" for p in (
    "Banjir merendam ratusan rumah warga di tiga kecamatan setelah hujan deras mengguyur "
    "kota sejak Senin malam hingga Selasa pagi.",
    "Petugas gabungan mengevakuasi warga lanjut usia dan anak-anak ke posko pengungsian di "
    "balai desa, sementara dapur umum mulai dibuka siang ini.",
    "Badan meteorologi memperkirakan hujan dengan intensitas sedang hingga lebat masih akan "
    "turun dalam tiga hari ke depan."))


def saved(head: str, body: str, aside: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<meta property="og:type" content="article">{head}</head>'
            f"<body><nav><a href='/'>Home</a></nav><article>{body}</article>{aside}"
            f"<footer>Contact · Imprint</footer></body></html>").encode()


CMS_DATE = saved(
    '<title>Riesling birthday posts</title>'
    '<link rel="canonical" href="https://www.wine.example/news/riesling-birthday-posts/">'
    '<meta name="date" content="2021-12-20T11:02:44+01:00">',
    '<h1>Rieslingbirthday: Posts gewinnen</h1><time datetime="2022-01-27">27.01.2022</time>'
    + GERMAN)
UTC_AND_LOCAL = saved(
    '<title>Two stabbed in Roxbury</title>'
    '<link rel="canonical" href="https://news7.example/news/two-stabbed-in-roxbury/">'
    '<meta property="article:published_time" content="2023-11-09T02:11:03+00:00">'
    '<meta property="article:modified_time" content="2023-11-09T04:10:51+00:00">',
    '<h1>Two stabbed, another assaulted in Roxbury</h1>'
    '<time class="pub-date" datetime="2023-11-08T21:11:03-05:00" itemprop="datePublished">'
    "November 8, 2023</time>" + ENGLISH)
DATE_LIKE_ADDRESS = saved(
    '<title>3 questions for our fundraiser</title>'
    '<link rel="canonical" href="https://blog.campaign.example/2023/10/3-questions-for-our-'
    'fundraiser/">'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"BlogPosting", "headline": "3 questions for our fundraiser", "datePublished": '
    '"2023-10-31T08:47:16+00:00", "dateModified": "2023-10-26T09:29:06+00:00"}</script>',
    "<h1>3 Fragen an unsere Teamleiterin Fundraising</h1><p class='meta'>31.10.2023</p>"
    + GERMAN)
SHOWN_WITH_AN_UPDATE = saved(
    '<title>Umweltzerstörung</title>'
    '<link rel="canonical" href="https://paper.example/umweltzerstoerung-633956751547">'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"NewsArticle", "headline": "Umweltzerstörung", "datePublished": '
    '"2020-04-03T10:35:41.085Z", "dateModified": "2020-04-11T08:27:52.727Z"}</script>',
    "<h1>Wie Umweltzerstörung neue Epidemien begünstigt</h1>"
    '<time datetime="2020-04-11T08:27:52.727Z">Aktualisiert: 11.04.2020, 10:27</time> '
    '<time datetime="2020-04-03T10:35:41.085Z">Publiziert: 03.04.2020, 12:35</time>' + GERMAN)
YEAR_ALONE = saved(
    '<title>About the station</title><link rel="canonical" href="https://www.radio.example/">',
    "<h1>Your county's radio</h1>" + "".join(f"<p>{p}</p>" for p in (
        "The station plays the music the county grew up with, with news on the hour and "
        "traffic and weather every fifteen minutes through the morning and evening drive.",
        "Listeners can call the studio with requests, and the breakfast show visits a "
        "different town each week to meet the people who keep it running.",
        "Local clubs, charities and schools can announce their events on air free of charge "
        "by writing to the newsroom at least a week ahead."))
    + "<p class='copyright'>Copyright 2020 Radio Example Ltd. All rights reserved.</p>")
RELATED_ASIDE = saved(
    '<title>Banjir rendam ratusan rumah</title>'
    '<link rel="canonical" href="https://kabar.example/banjir-rendam-ratusan-rumah">'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"NewsArticle", "headline": "Banjir rendam ratusan rumah", "datePublished": '
    '"2020-01-07T09:15:00+07:00"}</script>',
    "<h1>Banjir rendam ratusan rumah warga</h1><p class='meta'>2 jam yang lalu</p>"
    + INDONESIAN,
    "<aside><h2>Berita terkait</h2><ul><li><a href='/jalan-ditutup'>Jalan ditutup akibat "
    "longsor</a> <time datetime='2020-01-05'>5 Januari 2020</time></li></ul></aside>")
CAPTURED = "https://news.example.org/2020/01/10/storm-hits-the-coast/"
OWN_ADDRESS = saved(
    '<title>Storm hits the coast</title>'
    '<meta property="og:url" content="https://news.example.org/storm-hits-the-coast">',
    "<h1>Storm hits the coast</h1>" + ENGLISH)


def crawl(url: str, body: bytes) -> bytes:
    """A one-record WARC: the page as captured from `url`."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  http_headers=http))
    return out.getvalue()


@pytest.fixture(scope="module")
def dated(site_factory) -> dict[str, tuple[str, str]]:
    """The front matter's date and its confidence for each page, by its seed's name, after
    one build."""
    site = site_factory("dates", config="", seeds={
        "cms.html": CMS_DATE, "utc.html": UTC_AND_LOCAL, "address.html": DATE_LIKE_ADDRESS,
        "update.html": SHOWN_WITH_AN_UPDATE, "year.html": YEAR_ALONE,
        "related.html": RELATED_ASIDE,
        "captured.warc.gz": crawl(CAPTURED, OWN_ADDRESS)})
    assert site.run("build").code == 0
    pages = [frontmatter.load(path).metadata for path in site.pages()]
    return {page["seed"].split("/")[-1]: (str(page.get("date")), page["date_confidence"])
            for page in pages}


def test_a_cms_meta_date_the_page_does_not_show_gives_way_to_the_date_it_shows(dated):
    assert dated["cms.html"] == ("2022-01-27", "page")    # was 2021-12-20, the meta tag's


def test_a_utc_timestamp_gives_way_to_the_local_day_the_page_shows(dated):
    assert dated["utc.html"] == ("2023-11-08", "page")    # was 2023-11-09, UTC's day


def test_a_date_like_address_gives_way_to_the_stated_date_the_page_shows(dated):
    # was 2023-10-03, read from the address ".../2023/10/3-questions..."
    assert dated["address.html"] == ("2023-10-31", "page")


def test_a_page_that_shows_its_publication_and_its_update_keeps_the_publication(dated):
    assert dated["update.html"] == ("2020-04-03", "page")


def test_the_captured_address_dates_a_page_whose_own_address_has_no_date(dated):
    assert dated["captured.warc.gz"] == ("2020-01-10", "page")


def test_a_copyright_year_is_no_publication_day(dated):
    assert dated["year.html"] == ("None", "unknown")    # was 2020-01-01, htmldate's


def test_a_related_article_s_date_beside_the_page_is_not_the_page_s(dated):
    # the page shows its own date only as "2 jam yang lalu"; was 2020-01-05, the date of an
    # article listed in the aside beside it
    assert dated["related.html"] == ("2020-01-07", "page")
