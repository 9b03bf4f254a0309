from lxml.html import document_fromstring

from archiver.links import page_links

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
    tree = document_fromstring(b'<html><head><base href="https://cdn.example/root/"></head>'
                               b'<body><a href="page.html">p</a></body></html>')
    assert page_links(tree, "https://n.example/x/").pages == ("https://cdn.example/root/page.html",)
