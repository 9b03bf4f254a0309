"""Bylines: the authors ``page_authors`` and ``clean_names`` find on handmade pages."""

from __future__ import annotations

from lxml.html import document_fromstring

from archiver.bylines import page_authors


def test_a_layout_class_on_body_does_not_hide_the_byline() -> None:
    # WordPress themes put the layout on <body> ("mega-menu", "right-sidebar"): not page furniture
    page = document_fromstring(
        "<html><body class='page-layout mega-menu right-sidebar'><article><h1>Cheap cameras</h1>"
        "<div class='post-meta'><a href='/author/ray-ansari/'>By: Ray Ansari</a></div>"
        "<p>Text.</p></article></body></html>"
    )
    assert page_authors(page, [], {}) == ["Ray Ansari"]


def test_author_links_in_the_footer_and_comments_are_still_ignored() -> None:
    page = document_fromstring(
        "<html><body><article><h1>Cheap cameras</h1><p>Text.</p></article>"
        "<div class='comments'><a href='/author/bob/'>Bob Stone</a></div>"
        "<footer><a href='/author/ann/'>Ann Lee</a></footer></body></html>"
    )
    assert page_authors(page, [], {}) == []
