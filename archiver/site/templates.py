"""HTML rendering of the bundled news site: one function per kind of page, str out.

Article templates differ on purpose, so that no single selector or metadata source works
on every page of the site:

- ``jsonld``: JSON-LD ``NewsArticle``, OpenGraph, a byline with ``<time datetime>``.
- ``microdata``: schema.org microdata, ``<meta name="author">``, ``article:published_time``.
- ``plain``: no structured metadata at all; a visible "By Jane Doe" and "March 3, 2025 10:14 UTC"
  (the date is also in the URL).
- ``wordpress``: the seed article in a WordPress theme (``entry-title``, ``entry-content``, share
  buttons, "Short link", "follow us on Twitter", "Leave a comment" with "four × 5 =").
- ``wire``: a syndicated copy at ``/wire/<slug>/``: no structured metadata, "By Staff and wire
  reports", a ``<time datetime>``, a canonical link to itself only (never to the original).

Listing pages (home, section, author, tag, real-page listings) carry teasers only: a linked
headline, one sentence and a date, never an article body.

Page requisites, for archives that replay as the page looked: every page links the stylesheet
``/static/site.css`` (which imports ``/static/type.css``, whose ``@font-face`` loads a web font,
and sets a background image on the masthead), the icon and logo ``/media/logo.png`` and the
script ``/static/site.js``. The ``jsonld``, ``microdata`` and ``plain`` articles add a lead
photo with an ``srcset`` (the script gives it a caption), a lazy-loaded photo (``data-src``, which
the script swaps in) and a wire photo on the site's "CDN" (``NewsSite(cdn=...)``). The about
page shows a photo under ``/private/``, which robots.txt forbids, and a frame of the site,
``/embed/newsroom-map/``, with an image of its own. Images carry no alt text and
captions come from the script, so extraction reads the same text as without them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from html import escape

from archiver.site.content import (
    PRIVATE_PATH,
    SITE_NAME,
    Article,
    NewsSite,
    RealPage,
    captcha_for,
)

BROKEN_LINK = "/news/2019/removed-story.html"
PRIVATE_NEWSROOM_PHOTO = "/private/newsroom.png"  # forbidden by robots.txt
NEWSROOM_MAP = "/embed/newsroom-map/"  # a same-site frame of the about page


def render_newsroom_map() -> str:
    """The about page's frame: a map image, and a link that a crawl must not follow from a frame."""
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Newsroom map</title></head>
<body style="margin:0"><img src="/media/map.png" width="160" height="96" alt="">
<a href="/embed/newsroom-map/directions/">Directions</a></body></html>
"""


def long_date(moment: datetime) -> str:
    """``March 3, 2025``."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def plain_date(moment: datetime) -> str:
    """``March 3, 2025 10:14 UTC``: the only date on ``plain`` template pages."""
    return f"{long_date(moment)} {moment:%H:%M} UTC"


def _head(title: str, base: str, path: str, extra: str = "", stylesheet: str = "/static/site.css") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{stylesheet}">
{_REQUISITE_LINKS}<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} (RSS)" href="/feed/rss.xml">
<link rel="alternate" type="application/atom+xml" title="{SITE_NAME} (Atom)" href="/feed/atom.xml">
<link rel="canonical" href="{escape(base + path)}">
{extra}</head>
"""


# the icon and the script every page links
_REQUISITE_LINKS = """<link rel="icon" type="image/png" href="/media/logo.png">
<script src="/static/site.js" defer></script>
"""
# a transparent pixel that a lazy-loaded image shows until the script swaps in its picture
_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _lead_photo() -> str:
    return """<figure class="lead" data-credit="The Meridian Courier"><img class="lead__photo" src="/media/photo-480.png"
srcset="/media/photo-480.png 480w, /media/photo-960.png 960w" sizes="(max-width: 600px) 480px, 960px" width="480" height="270" alt=""></figure>
"""


def _more_photos(site: NewsSite) -> str:
    return f"""<figure class="inline"><img class="lazy" src="{_PLACEHOLDER}" data-src="/media/lazy-photo.png" width="320" height="180" alt=""></figure>
<figure class="wire-photo"><img src="{site.cdn}/cdn/images/wire-photo.png" width="320" height="180" alt=""></figure>
"""


def _masthead(site: NewsSite, nav_class: str = "site-nav") -> str:
    items = "".join(f'<li><a href="/section/{s.slug}/">{escape(s.label)}</a></li>' for s in site.sections)
    return f"""<header class="masthead">
<a class="brand" href="/"><img src="/media/logo.png" alt="" width="16" height="16"> {SITE_NAME}</a>
<nav class="{nav_class}" aria-label="Sections"><ul><li><a href="/">Home</a></li>{items}<li><a href="/about/">About us</a></li></ul></nav>
<form class="search" action="/search/" method="get"><input type="search" name="q" placeholder="Search"></form>
</header>
"""


_COOKIE_BANNER = """<div id="cookie-consent" class="cookie-banner" role="dialog">
<p>We use cookies to remember your preferences and to measure how our journalism is read.
By continuing to browse you agree to our use of cookies.</p>
<button type="button" class="accept">Accept all</button> <a href="/about/#privacy">Manage settings</a>
</div>
"""


def _footer(site: NewsSite) -> str:
    sections = " · ".join(f'<a href="/section/{s.slug}/">{escape(s.label)}</a>' for s in site.sections)
    return f"""<footer class="site-footer">
<p class="footer-sections">{sections}</p>
<p><a href="/about/">About us</a> · <a href="/about/#contact">Contact</a> · <a href="/feed/rss.xml">RSS</a> ·
<a href="/sitemap.xml">Sitemap</a> · <a href="/media/annual-report.pdf">Annual report</a></p>
<p class="copyright">© {site.now.year} {SITE_NAME}. All rights reserved. Newsletter: get the day's top stories in your inbox.</p>
</footer>
"""


def _share_bar(url: str, css_class: str) -> str:
    quoted = escape(url)
    return f"""<div class="{css_class}"><span>Share this article</span>
<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={quoted}">Facebook</a>
<a class="share-twitter" href="https://twitter.com/intent/tweet?url={quoted}">Twitter</a>
<a class="share-email" href="mailto:?subject=Worth%20reading&amp;body={quoted}">Email</a>
<button type="button" class="copy-link">Copy link</button></div>
"""


def _comment_form(article: Article, heading_class: str) -> str:
    word, digit = captcha_for(article.number)
    return f"""<section class="comments" id="comments">
<h3 class="{heading_class}">Leave a comment</h3>
<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<form action="/comments/" method="post" class="comment-form">
<p><label for="author">Name *</label> <input id="author" name="author" type="text"></p>
<p><label for="email">Email *</label> <input id="email" name="email" type="email"></p>
<p><label for="comment">Comment</label> <textarea id="comment" name="comment" rows="6"></textarea></p>
<p class="captcha"><label for="captcha">{word} × {digit} =</label> <input id="captcha" name="captcha" type="text" size="2"></p>
<input type="hidden" name="post" value="{article.number}">
<p><input type="submit" value="Post comment"></p>
</form>
</section>
"""


def _related(site: NewsSite, article: Article, css_class: str) -> str:
    links = "".join(
        f'<li><a href="{escape(other.path)}">{escape(other.title)}</a></li>' for other in site.related(article)
    )
    return f'<aside class="{css_class}"><h3>Related stories</h3><ul>{links}</ul></aside>\n'


def _tag_links(article: Article) -> str:
    return " ".join(f'<a class="tag" href="/tag/{tag}/">{escape(tag)}</a>' for tag in article.tags)


def _author_links(article: Article, attrs: str = "") -> str:
    links = [f'<a href="/author/{a.slug}/"{attrs}>{escape(a.name)}</a>' for a in article.authors]
    return " and ".join(links)


def _body_html(site: NewsSite, article: Article) -> str:
    return "\n".join(f"<{tag}>{escape(text, quote=False)}</{tag}>" for tag, text in site.body_blocks(article))


def render_article(site: NewsSite, article: Article, base: str) -> str:
    """The full HTML page of one of the site's own articles, in its template."""
    renderer = {
        "jsonld": _render_jsonld,
        "microdata": _render_microdata,
        "plain": _render_plain,
        "wordpress": _render_wordpress,
        "wire": _render_wire,
    }[article.template]
    return renderer(site, article, base)


def _render_jsonld(site: NewsSite, article: Article, base: str) -> str:
    url = base + article.path
    summary = site.summary(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": summary,
        "datePublished": article.published.isoformat(),
        "dateModified": article.modified.isoformat(),
        "author": [{"@type": "Person", "name": a.name, "url": f"{base}/author/{a.slug}/"} for a in article.authors],
        "publisher": {
            "@type": "Organization",
            "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": base + "/media/logo.png"},
        },
        "mainEntityOfPage": url,
        "articleSection": article.section,
        "keywords": list(article.tags),
    }
    extra = f"""<meta name="description" content="{escape(summary)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:description" content="{escape(summary)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:image" content="{base}/media/logo.png">
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
"""
    return (
        _head(f"{article.title} | {SITE_NAME}", base, article.path, extra)
        + '<body class="layout-story">\n'
        + _COOKIE_BANNER
        + _masthead(site, "primary-nav")
        + f"""<main id="content">
<article class="story">
<p class="story__kicker"><a href="/section/{article.section}/">{article.section.title()}</a></p>
<h1 class="story__headline">{escape(article.title)}</h1>
<p class="story__standfirst">{escape(summary)}</p>
<p class="story__byline">By {_author_links(article, ' rel="author"')} ·
<time datetime="{article.published.isoformat()}">{long_date(article.published)}</time></p>
{_share_bar(url, "story__share")}{_lead_photo()}<div class="story__body">
{_body_html(site, article)}
</div>
{_more_photos(site)}
<p class="story__tags">Topics: {_tag_links(article)}</p>
</article>
{_related(site, article, "story__related")}{_comment_form(article, "comments__title")}</main>
{_footer(site)}</body>
</html>
"""
    )


def _render_microdata(site: NewsSite, article: Article, base: str) -> str:
    url = base + article.path
    names = ", ".join(a.name for a in article.authors)
    extra = f"""<meta name="author" content="{escape(names)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="article:modified_time" content="{article.modified.isoformat()}">
<meta property="article:section" content="{article.section.title()}">
"""
    authors = " and ".join(
        f'<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f'<a itemprop="url" href="/author/{a.slug}/"><span itemprop="name">{escape(a.name)}</span></a></span>'
        for a in article.authors
    )
    published = article.published
    return (
        _head(f"{article.title} – {SITE_NAME}", base, article.path, extra)
        + '<body id="top" class="page-article">\n'
        + _masthead(site, "menu-main")
        + f"""<div id="wrapper">
<div id="main-article" itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="datePublished" content="{published.isoformat()}">
<meta itemprop="dateModified" content="{article.modified.isoformat()}">
<h1 itemprop="headline" class="art-title">{escape(article.title)}</h1>
<div class="art-meta">{authors}<span class="art-date">{published:%d.%m.%Y} · {published:%H:%M}</span></div>
{_lead_photo()}<div itemprop="articleBody" class="art-text">
{_body_html(site, article)}
</div>
{_more_photos(site)}
{_share_bar(url, "art-share")}<div class="art-tags">{_tag_links(article)}</div>
</div>
<div id="sidebar">{_related(site, article, "more-news")}<div class="newsletter-box"><h4>Newsletter</h4>
<p>The day's top stories, every morning.</p><input type="email" placeholder="you@example.com"> <button>Subscribe</button></div></div>
{_comment_form(article, "respond-title")}</div>
{_COOKIE_BANNER}{_footer(site)}</body>
</html>
"""
    )


def _render_plain(site: NewsSite, article: Article, base: str) -> str:
    url = base + article.path
    names = " and ".join(escape(a.name) for a in article.authors)
    return (
        f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{escape(article.title)}</title>
<link rel="stylesheet" href="/static/site.css">
{_REQUISITE_LINKS}<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} (RSS)" href="/feed/rss.xml">
</head>
<body>
"""
        + _masthead(site, "topmenu")
        + f"""<div class="content-main">
<div class="crumbs"><a href="/">Home</a> › <a href="/section/{article.section}/">{article.section.title()}</a></div>
<div class="post-head"><h1 class="ttl">{escape(article.title)}</h1>
<div class="meta-line">By {names} | {plain_date(article.published)}</div></div>
{_lead_photo()}<section class="txt">
{_body_html(site, article)}
</section>
{_more_photos(site)}
{_share_bar(url, "sharing")}<div class="post-tags">Filed under: {_tag_links(article)}</div>
{_related(site, article, "also-read")}{_comment_form(article, "c-head")}</div>
{_footer(site)}{_COOKIE_BANNER}</body>
</html>
"""
    )


def _render_wire(site: NewsSite, article: Article, base: str) -> str:
    url = base + article.path
    names = " and ".join(escape(a.name) for a in article.authors)
    return (
        _head(f"{article.title} | {SITE_NAME} wire", base, article.path)
        + '<body class="wire-story">\n'
        + _masthead(site, "wire-nav")
        + f"""<main id="content">
<div class="wire-item">
<p class="wire-label"><a href="/wire/">From the wire</a></p>
<h1 class="wire-headline">{escape(article.title)}</h1>
<p class="wire-byline">By {names}</p>
<p class="wire-dateline"><time datetime="{article.published.isoformat()}">{plain_date(article.published)}</time></p>
<div class="wire-text">
{_body_html(site, article)}
</div>
{_share_bar(url, "wire-share")}</div>
{_related(site, article, "wire-more")}</main>
{_footer(site)}{_COOKIE_BANNER}</body>
</html>
"""
    )


def _render_wordpress(site: NewsSite, article: Article, base: str) -> str:
    url = base + article.path
    post_id = 38127
    published = article.published
    wp_menu = "".join(
        f'<li class="menu-item menu-item-type-taxonomy"><a href="/section/{s.slug}/">{escape(s.label)}</a></li>'
        for s in site.sections
    )
    related = "".join(
        f'<li class="jp-relatedposts-post"><a class="jp-relatedposts-post-a" href="{escape(o.path)}">{escape(o.title)}</a></li>'
        for o in site.related(article, 3)
    )
    extra = f"""<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="ARA News">
<meta property="article:published_time" content="{published.isoformat()}">
<meta property="article:modified_time" content="{article.modified.isoformat()}">
<meta name="generator" content="WordPress 4.1">
<link rel="shortlink" href="http://aranews.net/?p={post_id}">
"""
    return (
        _head(f"{article.title} | ARA News", base, article.path, extra, "/wp-content/themes/aranews/style.css?ver=4.1")
        + f"""<body class="post-template-default single single-post postid-{post_id} single-format-standard">
<div id="page" class="hfeed site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
<div class="site-branding"><p class="site-title"><a href="/" rel="home">ARA News</a></p>
<p class="site-description">Independent news from Syria and the Kurdish region</p></div>
<nav id="site-navigation" class="main-navigation" role="navigation"><ul id="menu-main" class="menu">
<li class="menu-item"><a href="/">Home</a></li>{wp_menu}<li class="menu-item"><a href="/about/">About</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard hentry category-news">
<header class="entry-header">
<h1 class="entry-title">{escape(article.title)}</h1>
<div class="entry-meta"><span class="posted-on"><a href="{escape(article.path)}" rel="bookmark"><time class="entry-date published" datetime="{published.isoformat()}">{long_date(published)}</time><time class="updated" datetime="{article.modified.isoformat()}">{long_date(article.modified)}</time></a></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/{article.authors[0].slug}/">{escape(article.authors[0].name)}</a></span></span></div>
</header>
<div class="entry-content">
<p><img class="aligncenter size-medium" src="/media/logo.png" alt="" width="16" height="16"></p>
{_body_html(site, article)}
<p class="follow-us">For the latest on Syria and the Kurdish region, follow us on Twitter : <a href="https://twitter.com/ARAnews_En">@ARAnews_En</a></p>
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">
<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
<li class="share-facebook"><a class="share-facebook sd-button" href="{escape(article.path)}?share=facebook" rel="nofollow">Facebook</a></li>
<li class="share-twitter"><a class="share-twitter sd-button" href="{escape(article.path)}?share=twitter" rel="nofollow">Twitter</a></li>
<li class="share-email"><a class="share-email sd-button" href="{escape(article.path)}?share=email" rel="nofollow">Email</a></li>
</ul></div></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><ul>{related}</ul></div>
</div>
<footer class="entry-footer">
<span class="cat-links">Posted in <a href="/section/world/" rel="category tag">News</a></span>
<span class="tags-links">Tagged {_tag_links(article)}</span>
<div class="shortlink-widget"><ul><li>Short link : <input type="text" readonly value="http://aranews.net/?p={post_id}" onclick="this.select();"></li></ul></div>
</footer>
</article>
<nav class="navigation post-navigation" role="navigation"><div class="nav-links">
<div class="nav-previous"><a href="/section/world/" rel="prev">More news</a></div></div></nav>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a comment</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-form-author"><label for="author">Name</label> <input id="author" name="author" type="text" size="30"></p>
<p class="comment-form-email"><label for="email">Email</label> <input id="email" name="email" type="text" size="30"></p>
<p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>
<p class="math-captcha">{captcha_for(article.number)[0]} × {captcha_for(article.number)[1]} = <input type="text" size="2" name="mc-value" value=""></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"><input type="hidden" name="comment_post_ID" value="{post_id}" id="comment_post_ID"></p>
</form></div></div>
</main></div>
<div id="secondary" class="widget-area" role="complementary">
<aside id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>
{"".join(f'<li><a href="{escape(o.path)}">{escape(o.title)}</a></li>' for o in site.recent(5))}</ul></aside>
</div>
</div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="site-info">© 2015 ARA News · <a href="/about/">About</a> ·
Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""
    )


def _teaser(site: NewsSite, article: Article, with_summary: bool = True) -> str:
    summary = f'<p class="teaser__dek">{escape(site.summary(article))}</p>' if with_summary else ""
    return (
        f'<li class="teaser"><h3 class="teaser__title"><a href="{escape(article.path)}">{escape(article.title)}</a></h3>'
        f'{summary}<span class="teaser__date">{long_date(article.published)}</span></li>\n'
    )


def _pager(base_path: str, page: int, pages: int) -> str:
    links = []
    if page > 1:
        previous = base_path if page == 2 else f"{base_path}page/{page - 1}/"
        links.append(f'<a rel="prev" href="{previous}">« Newer</a>')
    links.append(f"<span>Page {page} of {pages}</span>")
    if page < pages:
        links.append(f'<a rel="next" href="{base_path}page/{page + 1}/">Older »</a>')
    return f'<nav class="pagination">{" ".join(links)}</nav>\n'


def _page_shell(site: NewsSite, title: str, base: str, path: str, body: str, body_class: str) -> str:
    return (
        _head(title, base, path)
        + f'<body class="{body_class}">\n'
        + _COOKIE_BANNER
        + _masthead(site)
        + f'<main id="content">\n{body}</main>\n'
        + _footer(site)
        + "</body>\n</html>\n"
    )


def render_listing(
    site: NewsSite,
    base: str,
    heading: str,
    intro: str,
    articles: Sequence[Article],
    base_path: str,
    page: int,
    pages: int,
) -> str:
    """A section, author or tag listing page: teasers and a pager, no article body."""
    suffix = f" – page {page}" if page > 1 else ""
    path = base_path if page == 1 else f"{base_path}page/{page}/"
    teasers = "".join(_teaser(site, a) for a in articles)
    body = (
        f'<h1 class="listing-title">{escape(heading)}{suffix}</h1>\n<p class="listing-intro">{escape(intro)}</p>\n'
        f'<ul class="teasers">\n{teasers}</ul>\n' + _pager(base_path, page, pages)
    )
    return _page_shell(site, f"{heading}{suffix} | {SITE_NAME}", base, path, body, "listing")


def render_home(site: NewsSite, base: str) -> str:
    """The front page: top stories, section rails and the odd links the tests need."""
    top = "".join(_teaser(site, a) for a in site.recent(10))
    rails = []
    for section in site.sections:
        heads = "".join(_teaser(site, a, with_summary=False) for a in site.section_articles(section.slug)[:4])
        rails.append(
            f'<section class="rail"><h2><a href="/section/{section.slug}/">{escape(section.label)}</a></h2><ul>{heads}</ul></section>\n'
        )
    old_target = site.articles[min(4, len(site.articles) - 1)]
    seed = site.seed_article
    real = '<li><a href="/real/page/1/">Pages from around the web</a></li>' if site.real_pages else ""
    wire = (
        '<li><a href="/wire/">From the wire: stories from our partner agencies</a></li>\n' if site.wire_copies else ""
    )
    body = f"""<h1 class="visually-hidden">{SITE_NAME}: news from around the world</h1>
<section class="top-stories"><h2>Top stories</h2><ul class="teasers">
{top}</ul></section>
{"".join(rails)}<section class="more"><h2>More from us</h2><ul>
<li><a href="{seed.path}">From the partner archive: {escape(seed.title)}</a></li>
<li><a href="/old/{old_target.slug}">{escape(old_target.title)} (old link)</a></li>
<li><a href="{PRIVATE_PATH}">Staff: internal memo</a></li>
<li><a href="{BROKEN_LINK}">Corrections and clarifications</a></li>
<li><a href="/media/annual-report.pdf">Our annual report (PDF)</a></li>
{wire}{real}</ul></section>
"""
    return _page_shell(site, f"{SITE_NAME} – News from around the world", base, "/", body, "home")


def render_real_listing(site: NewsSite, base: str, pages_here: Sequence[RealPage], page: int, pages: int) -> str:
    """A listing of mounted real pages: links only."""
    items = "".join(f'<li><a href="{p.path}">{escape(p.stem[:16])}… (copy {p.copy})</a></li>\n' for p in pages_here)
    body = (
        f'<h1 class="listing-title">Pages from around the web – page {page}</h1>\n<ul class="links">\n{items}</ul>\n'
        + _pager("/real/", page, pages)
    )
    return _page_shell(
        site, f"Pages from around the web – page {page} | {SITE_NAME}", base, f"/real/page/{page}/", body, "listing"
    )


def render_about(site: NewsSite, base: str) -> str:
    """The about page: short, informational, not an article."""
    body = f"""<h1>About {SITE_NAME}</h1>
<ul class="facts"><li>Founded: 1998</li><li>Staff: {len(site.authors)} reporters</li>
<li>Sections: {", ".join(s.label for s in site.sections)}</li></ul>
<h2 id="contact">Contact</h2><p>newsroom@example.org · +1 555 0100</p>
<h2 id="privacy">Privacy</h2><p>See the cookie settings at the top of any page.</p>
<figure class="staff"><img src="{site.cdn}{PRIVATE_NEWSROOM_PHOTO}" width="16" height="16" alt=""></figure>
<iframe class="map" src="{NEWSROOM_MAP}" title="Where to find us" width="180" height="110"></iframe>
<p><a href="{BROKEN_LINK}">Our corrections policy</a></p>
"""
    return _page_shell(site, f"About us | {SITE_NAME}", base, "/about/", body, "page-about")


def render_not_found(site: NewsSite, base: str, path: str) -> str:
    """The 404 page."""
    body = f'<h1>Page not found</h1>\n<p>Nothing lives at {escape(path)}. Try the <a href="/">front page</a>.</p>\n'
    return _page_shell(site, f"Page not found | {SITE_NAME}", base, path, body, "error404")
