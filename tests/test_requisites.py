"""Page requisites found in HTML and in stylesheets (pure logic: archiver/discovery/requisites.py
and stylesheets.py)."""

from __future__ import annotations

import re

import pytest
from lxml.html import document_fromstring

from archiver.config import ArchiverConfig
from archiver.discovery.links import page_links
from archiver.discovery.requisites import page_requisites, srcset_urls
from archiver.discovery.stylesheets import MAX_STYLESHEET_BYTES, style_links, stylesheet_links
from archiver.exceptions import UsageError

PAGE = """<html><head>
<link rel="stylesheet" href="/css/site.css?v=3">
<link rel="preload" as="style" href="/css/late.css">
<link rel="preload" as="font" href="/fonts/serif.woff2" crossorigin>
<link rel="shortcut icon" href="/favicon.ico"><link rel="apple-touch-icon" href="/touch.png">
<link rel="modulepreload" href="/js/module.js">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="canonical" href="https://n.example/story/">
<meta property="og:image" content="https://cdn.example/og/story.jpg">
<meta name="twitter:image" content="/tw.jpg">
<meta property="og:title" content="not a url">
<style>@import url("/css/print.css") print; .hero { background: url('/img/hero.jpg') }</style>
<script src="https://cdn.example/js/app.js" async></script>
<script>document.write("inline")</script>
</head><body>
<img src="/img/a.jpg" srcset="/img/a-640.jpg 640w, /img/a-1280.jpg?x=1,2 1280w">
<picture><source type="image/webp" srcset="/img/b.webp 1x, /img/b@2x.webp 2x"><img src="/img/b.jpg"></picture>
<img class="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy.jpg" data-srcset="/img/lazy-2x.jpg 2x">
<img data-lazy-src="/img/lazy2.jpg"><img data-original="/img/lazy3.jpg">
<video poster="/img/poster.jpg"><source src="/video/clip.mp4" type="video/mp4"></video>
<audio src="/audio/podcast.mp3"></audio>
<div style="background-image: url(&quot;/img/inline.jpg&quot;)">x</div>
<table background="/img/old.gif"><tr><td>t</td></tr></table>
<input type="image" src="/img/button.png">
<iframe src="/embed/chart/"></iframe><iframe src="https://video.example/embed/1"></iframe>
<a href="/files/report.pdf">report</a> <a href="/files/Budget.XLSX?dl=1">budget</a>
<a href="/story-2/">another story</a> <a href="/img/full.jpg">full size</a>
<img src="/img/a.jpg">
</body></html>"""


def test_every_kind_of_requisite_is_found_once_and_absolute():
    found = page_requisites(document_fromstring(PAGE), "https://n.example/story/")
    assert found.stylesheets == (
        "https://n.example/css/site.css?v=3",
        "https://n.example/css/late.css",
        "https://n.example/css/print.css",
    )
    assert set(found.files) == {
        "https://n.example/fonts/serif.woff2",
        "https://n.example/favicon.ico",
        "https://n.example/touch.png",
        "https://n.example/js/module.js",
        "https://n.example/img/hero.jpg",
        "https://cdn.example/js/app.js",
        "https://n.example/img/a.jpg",
        "https://n.example/img/a-640.jpg",
        "https://n.example/img/a-1280.jpg?x=1,2",
        "https://n.example/img/b.webp",
        "https://n.example/img/b@2x.webp",
        "https://n.example/img/b.jpg",
        "https://n.example/img/lazy.jpg",
        "https://n.example/img/lazy-2x.jpg",
        "https://n.example/img/lazy2.jpg",
        "https://n.example/img/lazy3.jpg",
        "https://n.example/img/poster.jpg",
        "https://n.example/img/inline.jpg",
        "https://n.example/img/old.gif",
        "https://n.example/img/button.png",
        "https://cdn.example/og/story.jpg",
        "https://n.example/tw.jpg",
    }
    # each once; audio and video sources, pages, feeds and the canonical link are no requisites
    assert len(found.files) == len(set(found.files))
    assert found.frames == ("https://n.example/embed/chart/", "https://video.example/embed/1")
    assert found.documents == ("https://n.example/files/report.pdf", "https://n.example/files/Budget.XLSX?dl=1")


def test_requisites_come_with_the_links_only_when_asked_for_and_honour_base_href():
    tree = document_fromstring(
        '<html><head><base href="https://static.example/v2/"></head><body><img src="logo.png"></body></html>'
    )
    assert page_links(tree, "https://n.example/").requisites is None
    found = page_links(tree, "https://n.example/", requisites=True).requisites
    assert found is not None and found.files == ("https://static.example/v2/logo.png",)


def test_srcset_candidates():
    assert srcset_urls("a.jpg 1x, b.jpg 2x") == ["a.jpg", "b.jpg"]
    assert srcset_urls("s.jpg 480w,l.jpg 960w") == ["s.jpg", "l.jpg"]
    assert srcset_urls("  only.png  ") == ["only.png"]
    assert srcset_urls("/i.jpg?w=1,h=2 1x") == ["/i.jpg?w=1,h=2"]
    assert srcset_urls("") == []


STYLESHEET = """@charset "utf-8";
@import url("fonts.css") screen;
@import 'print.css';
/* .old { background: url(commented-out.png) } */
@font-face { font-family: Serif; src: url(/fonts/serif.woff2) format("woff2"), url('serif.woff') format("woff"); }
.masthead { background: #fff url( ../img/bg.png ) repeat-x; cursor: url(data:image/png;base64,AAAA), auto; }
@media (min-width: 40em) { .hero { background-image: image-set("hero.png" 1x, url(hero@2x.png) 2x); } }
.quote::before { content: "url(not-a-reference.png)"; }
.a { background: url(#svg-filter); }
.é { background: url(é.png); }
"""


def test_stylesheet_imports_and_references_are_read_with_a_css_tokenizer():
    links = stylesheet_links(STYLESHEET.encode(), "https://n.example/static/css/site.css", "text/css; charset=utf-8")
    assert links.imports == ("https://n.example/static/css/fonts.css", "https://n.example/static/css/print.css")
    assert links.files == (
        "https://n.example/fonts/serif.woff2",
        "https://n.example/static/css/serif.woff",
        "https://n.example/static/img/bg.png",
        "https://n.example/static/css/hero.png",
        "https://n.example/static/css/hero@2x.png",
        "https://n.example/static/css/é.png",
    )


def test_stylesheet_encoding_and_bad_input():
    latin1 = ".x { background: url(caf\xe9.png) }".encode("latin-1")
    assert stylesheet_links(latin1, "https://n.example/", "text/css; charset=iso-8859-1").files == (
        "https://n.example/café.png",
    )
    assert stylesheet_links(b"\x00\xff{{{ url(", "https://n.example/").imports == ()
    assert stylesheet_links(b"", "https://n.example/").files == ()
    huge = b".a{background:url(a.png)}" + b" " * MAX_STYLESHEET_BYTES
    assert stylesheet_links(huge, "https://n.example/").files == ()


def test_inline_styles():
    links = style_links('@import "a.css"; p { background: url(b.png) }', "https://n.example/x/")
    assert (links.imports, links.files) == (("https://n.example/x/a.css",), ("https://n.example/x/b.png",))
    links = style_links("background: url('c.png'); color: red", "https://n.example/x/", declarations=True)
    assert links.files == ("https://n.example/x/c.png",)


def test_loopback_resolver_answers_only_loopback_names():
    from archiver.crawl.resolver import is_loopback

    for name in ("localhost", "LOCALHOST.", "cdn.localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"):
        assert is_loopback(name), name
    for name in ("example.org", "localhost.example.org", "10.0.0.1", "203.0.113.80", "::ffff:8.8.8.8", ""):
        assert not is_loopback(name), name


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"ARCHIVER_REQUISITES": "images"}, "ARCHIVER_REQUISITES must be all, articles or none, not 'images'"),
        ({"ARCHIVER_REQUISITE_MAX_SIZE": "big"}, "ARCHIVER_REQUISITE_MAX_SIZE: not a size"),
        ({"ARCHIVER_REQUISITE_MAX_SIZE": 0}, "ARCHIVER_REQUISITE_MAX_SIZE must be at least 1"),
        ({"ARCHIVER_REQUISITE_DOCUMENTS": "maybe"}, "ARCHIVER_REQUISITE_DOCUMENTS must be true or false"),
        ({"ARCHIVER_DISCOVERY": "none links"}, "ARCHIVER_DISCOVERY must be none or name some of"),
    ],
)
def test_requisite_and_discovery_settings_are_checked(settings, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        ArchiverConfig.from_settings(settings)


def test_requisite_settings_parse():
    config = ArchiverConfig.from_settings(
        {"ARCHIVER_REQUISITES": "Articles", "ARCHIVER_REQUISITE_MAX_SIZE": "5MiB", "ARCHIVER_DISCOVERY": "none"}
    )
    assert (config.requisites, config.requisite_max_size, config.discovery) == ("articles", 5 * 1024 * 1024, ())
    assert ArchiverConfig.from_settings({}).requisites == "all"
