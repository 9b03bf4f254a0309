from urllib.parse import urljoin

from lxml.html import document_fromstring

from archiver.discovery.links import page_links

PAGE = b"""<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed/rss.xml">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://n.example/atom">
</head><body>
<a href="/2025/03/a-story/#comments">story</a>
<a href="b-story">relative</a>
<a href="/2025/03/a-story/">again</a>
<a href="mailto:desk@n.example">mail</a> <a href="javascript:void(0)">js</a> <a href="#top">top</a>
<a href="/media/report.PDF">pdf</a> <a href="/img/photo.jpg">photo</a>
<a href="https://other.example/x?q=1">other site</a>
<map><area href="/map-area/"></map>
</body></html>"""


def test_links_are_absolute_unique_and_web_pages_only():
    links = page_links(document_fromstring(PAGE), "https://n.example/section/world/")
    assert links.pages == (
        "https://n.example/2025/03/a-story/",
        "https://n.example/section/world/b-story",
        "https://other.example/x?q=1",
        "https://n.example/map-area/",
    )
    assert links.feeds == ("https://n.example/feed/rss.xml", "https://n.example/atom")


def test_base_href_is_honoured():
    tree = document_fromstring(
        b'<html><head><base href="https://cdn.example/root/"></head><body><a href="page.html">p</a></body></html>'
    )
    assert page_links(tree, "https://n.example/x/").pages == ("https://cdn.example/root/page.html",)


def test_links_taken_without_urljoin_are_what_urljoin_gives():
    # the fast path for plain absolute and root-relative links must agree with urljoin on the
    # hrefs it must leave to it: no host, an empty query, dot segments, parameters, whitespace
    hrefs = [
        "https://other.example/a/b?q=1",
        "https:",
        "https://",
        "https://?utm=1",
        "http://n.example/a?",
        "/a/../b",
        "/a/./b",
        "/a;p",
        "/a\tb",
        "/a\nb",
        "//cdn.example/x",
        "HTTPS://Other.example/",
        "/plain/path?x=1#frag",
        "/",
        "/?q",
        "https://[::1]/x",
        "https://[bad/x",
    ]
    body = "".join(f'<a href="{href}">x</a>' for href in hrefs).encode()
    base = "https://n.example/section/"
    expected = []
    for href in hrefs:
        try:
            target = urljoin(base, href.strip()).split("#", 1)[0]
        except ValueError:
            continue
        if target.startswith(("http://", "https://")) and target not in expected:
            expected.append(target)
    links = page_links(document_fromstring(b"<html><body>" + body + b"</body></html>"), base)
    assert list(links.pages) == expected


def test_a_host_is_not_a_file_even_when_its_domain_looks_like_one():
    tree = document_fromstring(
        b'<html><body><a href="https://archive.zip">x</a><a href="https://archive.zip/a.zip">y</a></body></html>'
    )
    assert page_links(tree, "https://n.example/").pages == ("https://archive.zip",)
