"""Authors: person (or desk) names from structured data and the visible byline, cleaned.

Pure logic, no Scrapy. Sources in the order they are trusted: the JSON-LD article's ``author``
(or the Person node its ``@id`` points to), scholarly ``citation_author`` tags, Yoast's "Written
by" Twitter card, ``<meta name="author">``, microdata ``itemprop="author"``, ``rel="author"``
links and elements whose class names a byline, then unmarked "By ..." text, an account handle
and last organisations (the site's own name given as author among them). Each candidate string
is cleaned ("By", "Written by", "View all posts by", roles after a name, dates and "Reviewed by
..." tails) and split into names; strings that do not look like names (menu words, dates, URLs,
sentences) are dropped.
"""

from __future__ import annotations

import html
import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.extraction.dates import dates_in_text
from archiver.extraction.datewords import MONTH_NAME, MONTH_WORD, OTHER_MONTH_NAME, OTHER_MONTH_NUMBERS, WEEKDAY_NAME
from archiver.extraction.fields import AUTHOR_META
from archiver.extraction.html import VISIBLE_TEXT, headline_holders, story_headline
from archiver.extraction.json_ld import json_ld_documents
from archiver.extraction.metadata import CLOSING_QUOTES, OPENING_QUOTES, host_spellings, undo_double_encoding
from archiver.extraction.words import HANGUL, IDEOGRAPHIC, collapsed_length, word_count

# "and" in English, German ("und"), French ("et"), Danish and Norwegian ("og"), Swedish ("och"),
# Dutch ("en"), Turkish ("ve"), Russian ("и"), and in lower case only, where a capital is an
# initial ("Maria E. Silva") or a name ("Dan Brown"), Spanish ("y"), Italian or Portuguese
# ("e"), Polish and Croatian ("i"), Indonesian and Malay ("dan"), Finnish ("ja"), Romanian
# ("și"), Hungarian ("és"), Ukrainian ("і", "та"), Greek ("και"), Vietnamese ("và"), Hindi
# ("और"), Arabic ("و") and Thai ("และ"); "with" joins a second writer ("By A with B")
_ANDS = "and|und|et|og|och|en|ve|и"
_LOWER_CASE_ANDS = "i|dan|ja|și|és|і|та|και|và|और|و|และ"
_NAME_SEPARATORS = re.compile(
    rf"\s*(?:;|,|\b(?:{_ANDS}|with)\b|\s(?-i:y|e|{_LOWER_CASE_ANDS})\s|&|\||\+|[、，]"
    # Korean joins names with a middle dot: "홍길동·김철수 기자"
    rf"|(?<=[{HANGUL}])\s*[·ㆍ]\s*(?=[{HANGUL}]))\s*",
    re.IGNORECASE,
)
# The job after a name in Korean, Japanese and Chinese bylines ("홍길동 기자": reporter; 特派員:
# correspondent; 論説委員: editorial writer), and Korean's "and N others" ("외 1명")
_EAST_ASIAN_ROLE = re.compile(
    r"\s*(?:(?:선임|수석|객원|수습|인턴|전문)?기자|특파원|논설위원|편집위원|칼럼니스트|통신원|"
    r"記者|特派員|編集委員|論説委員|特约记者|记者|"
    # Japanese "author", "translator", "supervising translator", "supervisor", "editor" and
    # "illustrator" after a name ("嶋田 健志 監訳"), and a writer's role in brackets ("山田太郎（ライター）")
    r"(?<=\S)\s+(?:著|訳|監訳|翻訳|監修|編著?|画|絵)|[（(](?:ライター|記者|編集部|編集者|筆者)[）)])?(?:\s+외(?:\s*\d+\s*명)?)?$"
)
# (and written out against harvesters: "jane[at]example.org", "jane (at) example.org")
_EMAIL = re.compile(r"(?:mailto:)?[\w.+-]+(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_PREFIX = re.compile(
    r"^(?:(?:view|see|read)\s+(?:all\s+|more\s+)?(?:posts|articles|stories)?\s*(?:by|from|about)\s+|"
    r"more\s+(?:posts\s+|articles\s+|stories\s+)?(?:by|from)\s+|(?:all\s+)?(?:posts|articles|stories)\s+by\s+|read\s+more\s+about\s+|"
    r"about\s+the\s+authors?:?\s*|a\s+note\s+from\s+|"
    # ... and in German, French and Spanish: "Zeige alle Beiträge von", "Ein Artikel von",
    # "Erstellt von", "Propos recueillis par", "Voir tous les articles de", "Ver todas las entradas de"
    r"(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von\s+|(?:ein(?:en)?\s+|blog[\s-]?)?"
    r"(?:artikel|beitrag|text(?:\s+(?:und|&)\s+(?:fotos?|bilder))?)\s+von\s+|"
    # ... and the kind of piece before its writer: "Ein Kommentar von", "Une chronique de", "Una
    # columna de", "Un commento di"
    r"(?:ein(?:en|e)?\s+(?:gast)?(?:kommentar|analyse|essay|kolumne|glosse|reportage|bericht|gastbeitrag)\s+von|"
    r"une?\s+(?:tribune|chronique|analyse|éditorial|editorial|article)\s+de|"
    r"una?\s+(?:columna|artículo|análisis|opinión|crónica)\s+de|"
    r"una?\s+(?:articolo|commento|analisi|editoriale)\s+di)\s+(?=\w)|"
    r"pressemitteilung\s+von\s+|"
    r"(?:erstellt|verfasst|geschrieben|eingestellt|veröffentlicht|gepostet)\s+von\s+|(?:propos\s+)?recueillis?\s+par\s+|"
    # ... "published by", "written by" and "posted by" in French, Spanish and Portuguese,
    # Italian and Dutch; "everything by" (German "Alles von", a link to the writer's page)
    r"(?:publié|écrit|rédigé|posté)e?\s+par\s+|(?:publicad|escrit|postad)[oa]\s+por\s+|(?:pubblicat|scritt)[oa]\s+da\s+|"
    r"(?:geschreven|geplaatst|gepost)\s+door\s+|alles\s+von\s+|"
    r"voir\s+tous\s+les\s+articles\s+de\s+|ver\s+todas\s+las\s+entradas\s+de\s+|"
    r"(?:this\s+(?:post|article)\s+(?:was\s+)?)?(?:written|posted|submitted|reported|published|"
    r"text|words|story|article|photos?|authored|analysis|commentary|opinion|essay|column)\s+by:?\s*|by:?\s+|authors?:\s*|written\s*by\s*|"
    # "by" in German, French, Spanish and Portuguese, Dutch, the Scandinavian languages and
    # (in lower case: "Di Maria" is a name) Italian: "Von Anna Muster", "Par : Jean Dupont"
    r"(?:von|par|por|door|av|af|(?-i:di))(?:\s?:)?\s+(?=\w)|"
    # ... and Romanian, in lower case before a full name ("de Ion Popescu"; "de Gaulle" is a name)
    r"(?-i:de\s+(?=[A-ZÀ-ÖØ-ÞĂÂÎȘȚŞŢ]\w*\s+\w))|"
    # ... and in Greek (the name follows in the genitive: "Του Γιώργου Παπαδόπουλου") and Finnish
    r"(?:του|της|kirjoittanut)\s+(?=\w)|"
    # ... and in Arabic ("by the pen of", "wrote"), Persian ("writer", "reporter"), Hebrew and Thai
    r"(?:بقلم|كتب|نویسنده|نوشته|خبرنگار|מאת|โดย)\s*:?\s*(?=\w)|"
    # ... and the labels of Chinese credit lines ("责任编辑：张三", "記者：王小明")
    r"(?:责任编辑|责编|作者|记者|記者|编辑|編輯|撰文)\s*[：:]\s*|"
    # ... of Japanese ones ("文：山田太郎", "取材・文／山田太郎", "筆者：…", "ライター：…")
    r"(?:(?:取材[・･])?文|筆者|執筆者?|著者|ライター)\s*[：:／/・･]\s*|"
    # ... and of Korean ones ("글 홍길동": text)
    r"글\s+(?=\S)|"
    # ... or glued to the name ("记者王敬照")
    r"(?:记者|記者)(?=[\u4e00-\u9fff]{2,4}$)|"
    # ... and Polish "compiled by" ("oprac. Anna Kowalska")
    r"oprac\.\s*|opracowanie\s*:\s*|"
    # "author:" and "text:" in German, Spanish, Polish and Czech, French, Italian, Turkish,
    # Russian, Norwegian and Danish, Swedish, Finnish; "source:" before an agency ("Quelle: dpa")
    # ... and their plurals and feminines: "Autorzy:", "Autoři:", "Autores:", "Autrice :", "Авторы:"
    r"(?:autor(?:in(?:nen)?|innen|a|as|es|en|i|zy|ka|ky|ica|/in|iai)?|autoři|auteure?s?|autrice|autore|yazar(?:lar)?|interview|"
    r"автор(?:ы|и|ка)?|аутор|текст|forfattere?|författare|kirjoittaja(?:t)?|text|tekst|texto|testo|texte|"
    # ... the credit for the content beside the designer's and the coder's ("content: Jane Doe")
    r"content|"
    # ... Hungarian, Greek, Hindi, Thai, Vietnamese, Indonesian and Malay ("Oleh: Budi": without
    # its colon, "Oleh" is a Ukrainian first name)
    r"szerzők?|συντάκτ(?:ης|ες|ρια)|लेखक|द्वारा|ผู้เขียน|tác\s+giả|penulis|oleh|"
    # ... Hungarian "written by", Finnish "text", Lithuanian, Latvian and Slovenian "author",
    # Croatian, Serbian and Bosnian "writes", Turkish "writer"
    r"írta|teksti|autorius|autors|avtor(?:ica|ji)?|piše|pišu|yazan|reportage|"
    r"source|quelle|fuente|fonte|bron|kilde|källa|lähde|źródło|источник|kaynak)\s*:\s*)",
    re.IGNORECASE,
)
# Everything after these belongs to another credit or to the date line.
_TAIL = re.compile(
    # "posted in" after a Chinese blog's author ("史蒂文的家 發表在 ...")
    r"\s*(?:發表[在於]|发表[在于]).*|"
    r"\s*(?:\b(?:additional|contributing|further)\s+reporting\b.*|"
    # the illustrator's or the photographer's credit after the writer's ("Text von Jane Doe
    # Illustration von John Roe")
    r"(?<=\S)\s+(?:illustrations?|illustrationen|fotos?|photos?|bilder?|grafiken?)\s+(?:von|by|par)\s.*|"
    r"\b(?:reviewed|fact[- ]checked|edited|medically\s+reviewed|updated|published|posted|last\s+updated|"
    # "published" and "updated" in German, French, Spanish and Portuguese, Dutch, Italian
    r"veröffentlicht|publiziert|aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado|atualizado|gepubliceerd|"
    r"bijgewerkt|pubblicato|aggiornato|publisert|oppdatert|publicerad|uppdaterad|udgivet|opdateret|"
    r"opublikowano|zaktualizowano|yayınlanma|güncellenme|опубликовано|обновлено|"
    # "on" before the date ("Jane Doe on May 1"); a capital "On" that ends the text is a name's
    # ("Audiophile On")
    rf"(?-i:on)|(?-i:On|ON)(?=\s+\S))\b.*|\s+at\s+(?=\d|{MONTH_WORD}\b).*|"
    rf"\s+{MONTH_WORD}\.?\s+\d.*|"
    # "on" before the date in German, French, Spanish, Italian, Dutch and Portuguese ("Max Muster am
    # 12. Mai", "Jean Dupont le 3 mai", "Juan Pérez el 3 de mayo")
    r"\s+(?-i:am|um|le|el|il|op|em)(?:\s+(?=\d).*|$)|[•·|–—]\s.*|\s-\s.*|\(.*?\)|(?:(?<=[\W_])|^(?!\d(?!(?:st|nd|rd|th)\b)[^\W\d_]+\s+[A-Z]))\d.*|(?<=[^\W\d_])\d+[:./]\d.*)$",
    re.IGNORECASE,
)
_MONTHS = re.compile(
    rf"^{MONTH_NAME}\b\.?(?:\s*\d|$)",  # a date, not "April Fulton"
    re.IGNORECASE,
)
# "Sat" of "Sat, 20 Dec, 2025", a date line in a byline's place
_WEEKDAY = re.compile(rf"{WEEKDAY_NAME}\.?", re.IGNORECASE)
# The last word of an account's name that no person has: "NOC Admin", "Webmaster"
_ACCOUNT_ROLES = frozenset({"admin", "administrator", "webmaster", "sysadmin"})
# Labels of a credit in Chinese, Japanese and Korean, before the name or above it ("<dt>著者</dt>")
_EAST_ASIAN_LABELS = ("作者", "著者", "筆者", "执笔", "執筆", "執筆者", "ライター", "记者", "記者", "글쓴이", "작성자")
# Words that are never a byline on their own: menus, form labels, generic accounts.
_NOT_NAMES = frozenset(
    [
        *_EAST_ASIAN_LABELS,
        "home",
        "name",
        "author",
        "authors",
        "admin",
        "administrator",
        "user",
        "guest",
        # ... and in German, French, Spanish, Portuguese, Italian and Russian
        "gast",
        "invité",
        "invitado",
        "convidado",
        "ospite",
        "гость",
        # a section's name: "News", in 12 languages
        "news",
        "nachrichten",
        "noticias",
        "notícias",
        "actualités",
        "notizie",
        "nieuws",
        "nyheter",
        "nyheder",
        "wiadomości",
        "haberler",
        "новости",
        "editor",
        "editors",
        "staff",
        "anonymous",
        # ... in Spanish and Italian, Portuguese, French, German and Scandinavian, Dutch, Polish and
        # Turkish, Russian
        "anónimo",
        "anonimo",
        "anônimo",
        "anonyme",
        "anonym",
        "anoniem",
        "anonim",
        "аноним",
        # the credit's label, parted from the name by an "and" ("Text und Interview: Jane Doe")
        "text",
        "texte",
        "texto",
        "testo",
        "tekst",
        "interview",
        # German and Austrian papers sign the desk's pieces "red" (Redaktion): "red, ORF.at/Agenturen"
        "red",
        # a sponsored story's label in a byline's place: "PAID CONTENT", "Anzeige", "Publireportage"
        "paid",
        "content",
        "sponsored",
        "promoted",
        "advertorial",
        "anzeige",
        "werbung",
        "gesponsert",
        "publireportage",
        "sponsorisé",
        "patrocinado",
        "sponsorizzato",
        # a comment form's sample
        "your name",
        "human",
        "contact",
        "about",
        "menu",
        "search",
        "login",
        "share",
        "comments",
        "comment",
        "reply",
        "unknown",
        # a template's placeholder where no writer is set ("No Author")
        "no author",
        "deleted",
        "none",
        "null",
        "written",
        "by",
        # German "on" before a date ("am 21/02/2021")
        "am",
        # a feed's link in a byline block ("RSS 2.0")
        "rss",
        "atom",
        "feed",
        "follow",
        "subscribe",
        "undefined",
        "privacy",
        "policy",
        "terms",
        "conditions",
        "cookie",
        "cookies",
        "read",
        "more",
        "published",
        "updated",
        "the",
        "view",
        "all",
        "posts",
        "articles",
        "stories",
        "learn",
        "from",
        "originally",
        "insights",
        "von",
        "par",
        "por",
        "door",
        "av",
        "af",
        "di",
        # German "from the", "date", "as of", a blog platform's "show my whole profile"
        "vom",
        "datum",
        "stand",
        "afficher mon profil complet",
        "view my complete profile",
        # WordPress's comment link, in English, German, French, Spanish and Italian
        "leave a comment",
        "leave a reply",
        "hinterlasse einen kommentar",
        "schreibe einen kommentar",
        "laisser un commentaire",
        "deja un comentario",
        "lascia un commento",
        # a link to the author's page ("See full bio") and the reading time beside the byline,
        # in English, German, French, Spanish, Italian, Dutch and the Scandinavian languages
        "see full bio",
        "full bio",
        "view full bio",
        "view profile",
        # the label over an author's social links
        "connect directly",
        "read time",
        "reading time",
        "lesedauer",
        "lesezeit",
        "temps de lecture",
        "tiempo de lectura",
        "tempo di lettura",
        "leestijd",
        "lesetid",
        "läsetid",
        # "show all" and "home" in German, French, Spanish, Italian, Dutch and Swedish: a link to the
        # author's page or the home page in a byline's place
        "alle",
        "anzeigen",
        "zeigen",
        "mehr",
        "startseite",
        "homepage",
        "voir",
        "tout",
        "tous",
        "accueil",
        "ver",
        "todo",
        "todos",
        "inicio",
        "vedi",
        "tutti",
        "bekijk",
        "meer",
        "visa",
        "alla",
        # links in a byline's place: citing the page, the site's standards, its social accounts
        "cite",
        "this",
        "webpage",
        "page",
        "editorial",
        "standards",
        "guidelines",
        "facebook",
        "twitter",
        "linkedin",
        "instagram",
        "youtube",
        "pinterest",
        "tiktok",
        "threads",
        "mastodon",
        "bluesky",
        "reddit",
        "whatsapp",
        "telegram",
        "email",
        "e-mail",
        "print",
        # WordPress's default category, in English, German, French and Spanish
        "uncategorized",
        "allgemein",
        "non classé",
        "sin categoría",
    ]
)
# Month names of other languages, and weekday names of the languages most sites use, in a
# byline's place: a date line, not a name ("Dezember", "Donnerstag"); five letters or more, as
# "Mai" and "Maj" are also names
_OTHER_DATE_WORDS = frozenset(month for month in OTHER_MONTH_NUMBERS if len(month) >= 5) | frozenset(
    [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ]
)
# Roles that follow a name after a comma in bylines ("Jane Doe, Senior Editor").
_ROLE_WORDS = (
    r"senior|junior|sr|jr|vp|svp|evp|staff|contributing|associate|executive|managing|deputy|chief|guest|head|"
    r"editor|writer|reporter|correspondent|columnist|contributor|author|director|ceo|cto|founder|"
    r"co-founder|manager|expert|specialist|producer|intern|"
    # ... in German, French, Spanish and Portuguese, Italian, Dutch, the Scandinavian languages,
    # Polish and Czech, Turkish and Russian ("Julia Schmidt, Redakteurin", "Mario Rossi, inviato a
    # Kiev", "Marie Dupont, envoyée spéciale à Kyiv")
    r"(?:chef)?redakteur(?:in)?|korrespondent(?:in|ka)?|reporter(?:in)?|journalist(?:in|e|a)?|"
    r"rédact(?:eur|rice)|correspondant(?:e)?|envoyée?|corresponsal|enviad[oa]|periodista|redactor(?:a)?|"
    r"inviat[oa]|corrispondente|giornalista|redat(?:tore|trice)|verslaggever|redacteur|"
    r"dziennikar(?:z|ka)|redaktor(?:ka)?|muhabir|корреспондент|журналист(?:ка)?"
)
# ... and German compounds that name a job by its last part, before the name only ("Uta Muster,
# Projektleiterin der Stiftung"; at a name's end, "Leiter" and "Sprecher" are family names)
_COMPOUND_ROLE = r"[^\W\d_]*(?:leiter|sprecher|referent|berater|mitarbeiter|wissenschaftler)(?:in|innen)?"
_ROLE = re.compile(rf"^(?:{_ROLE_WORDS}|{_COMPOUND_ROLE})\b", re.IGNORECASE)
# ... or labels the name after a colon
# ("Redaktion:" in German, French, Spanish, Italian and Dutch: the desk's credit, or its member's)
_ROLE_LABEL = re.compile(
    rf"^(?:{_ROLE_WORDS}|redaktion|rédaction|redacción|redazione|redactie)\s*[:：]\s*(?=\w)", re.IGNORECASE
)
# ... or follows the name after a colon
_ROLE_AFTER_COLON = re.compile(rf"\s*:\s*(?:{_ROLE_WORDS}|{_COMPOUND_ROLE})\b.*$", re.IGNORECASE)
# ... or that ends with one, after the name ("Jane Doe, Political Correspondent"); alone, such a
# credit is a desk's ("Guardian staff reporter"); "CNN Editor-at-large" too
_ROLE_AT_END = re.compile(rf"\b(?:{_ROLE_WORDS})(?:-at-large)?$", re.IGNORECASE)
# The place after such a role, which the name separators would take for a name ("corresponsal
# en Bruselas": Dutch "en" is "and"): up to three words after "in", "at", "en", "a", "à", "em"
_PLACE_WORD = rf"(?!(?:{_ANDS}|y|e|{_LOWER_CASE_ANDS})\s)[^\W\d_][\w'’.-]*"  # a word, not "and"
_ROLE_AT_PLACE = re.compile(
    rf"(\b(?:{_ROLE_WORDS})\b[^,;|]*?)\s+(?-i:in|at|en|a|à|em|aus|w|v|в)\s+{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}",
    re.IGNORECASE,
)
# A newsroom's credit for wire copy: "Staff and wire reports", "Staff and agencies".
_DESK_CREDIT = re.compile(
    r"(?:[\w.]+\s+)?staff\s+(?:and|&)\s+(?:wire\s+|news\s+)?(?:reports|agencies|services|wires)", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")
# "Morgan & Morgan", "Johnson and Johnson": one firm, which the name separators would halve
_SAME_NAME_TWICE = re.compile(r"([^\W\d_][\w.'-]*)\s*(?:&|\band\b|\bund\b|\bet\b)\s*\1", re.IGNORECASE)
# "byline", "post-author", "author_name", "authorname", German "autor" and French "auteur",
# and in camelCase "authorName", "postAuthor"
_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?i:byline|author|authors|author-?name|writer|posted-by|entry-author|autor|autoren|autorname|auteur)"
    r"(?:$|[\s_-]|(?<=[a-z])(?=[A-Z]))"
    r"|(?<=[a-z])(?:Byline|Authors?)(?:$|[\s_-]|(?=[A-Z]))"
)
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60
# The most names a record gives, each source read no further: a paper's thousand co-authors are
# a list no reader of a record reads, and a hostile page's hundred thousand cost seconds to clean
_MAX_AUTHORS = 100
# the most co-authors' links read from one byline
_MAX_GROUPED_LINKS = 4
# the longest a byline line runs ("By Jane Doe and John Smith | Senior Editors | May 1, 2024")
_BYLINE_MAX_CHARS = 120
# an author's follow or subscribe button ("followAuthorBtn", "author-follow-button"), whose text is
# the button's ("Folgen", "Edit topics"), an author's note to the readers, and the description
# under an author's name ("Licensed Q Arabica Grader, M.A. Journalism"), and a slider of the
# author's other stories ("author-materials-slider"), whose first item is a teaser's title: no name
_NOT_BYLINE_CLASS = re.compile(
    r"^(?:follow|subscribe)|(?:btn|button)$|authors?[-_]?(?:notes?|desc(?:ription)?)|slider|carousel", re.IGNORECASE
)
_CONNECTOR = re.compile(rf"\s*(?:,|&|{_ANDS}|y|e|(?-i:{_LOWER_CASE_ANDS}))\s*", re.IGNORECASE)
_BYLINE_TAGS = frozenset({"a", "span", "div", "p", "address", "strong", "b", "li", "ul", "aside"})
# The class values in the body, each knowing its element (``getparent()``), and what a value that
# _BYLINE_CLASS matches must hold: a search for these plain words, which the regex engine scans
# for quickly, rules out most values for less than contains() tests in the XPath or _BYLINE_CLASS.
_BODY_CLASSES = XPath("//body/descendant::*/@class")
# ... and the ids that name a byline (``<div id="byline">``); an id with "author" in it is as often
# a box's or a dialog's ("author-container", "author-modal") as a byline's
_BYLINE_IDS = XPath("//body/descendant::*/@id[contains(translate(., 'BYLINE', 'byline'), 'byline')]")
_BYLINE_CLASS_PARTS = re.compile("yline|YLINE|uthor|UTHOR|riter|RITER|osted-by|OSTED-BY|utor|UTOR|uteur|UTEUR")
# Page builders (Elementor, on millions of WordPress sites) wrap every block of the page, the
# article's too, in an "elementor-widget": that widget says nothing about page furniture.
_COMMENTS_CLASS = re.compile(
    r"comment|respond|related|sidebar|(?<!elementor-)widget|footer|menu|newsletter|quote|tag-?cloud", re.IGNORECASE
)
# attribute axes: a walk over attributes is cheaper than testing every element
_ITEMPROP_AUTHORS = XPath('//@itemprop[. = "author"]/..')
_REL_AUTHOR_LINKS = XPath('//a/@rel[. = "author"]/..')
_FOLLOWING_LINKS = XPath("following::a", smart_strings=False)
# The folders of writers' pages: English, German, Spanish and Portuguese, French, Italian,
# Norwegian and Danish, Swedish, Dutch, Polish, Turkish, Indonesian and Malay, Finnish
_AUTHOR_FOLDERS = (
    "author", "authors", "people", "staff", "contributors", "writers", "journalist", "journalists", "reporter",
    "reporters", "autor", "autoren", "autores", "auteur", "autore", "autori", "forfatter", "forfattere", "skribent",
    "auteurs", "autorzy", "yazar", "yazarlar", "penulis", "toimittaja",
)  # fmt: skip
_AUTHOR_LINKS = XPath(
    "//body/descendant::a/@href[" + " or ".join(f'contains(., "/{folder}/")' for folder in _AUTHOR_FOLDERS) + "]/.."
)
# ... whose address goes on after the folder to name one writer ("/people/jane-doe"): the
# folder's own page ("/people/") is a section's, linked from the menu
_FOLDER_PAGE = re.compile(rf"/(?:{'|'.join(_AUTHOR_FOLDERS)})/+(?:[?#]|$)")
# ... and the page of one writer there
_AUTHOR_PAGE = re.compile(rf"/(?:{'|'.join(_AUTHOR_FOLDERS)})/+[^/?#]")
# "written by", "posted by" in German, French, Spanish and Portuguese, Dutch: byline labels, and
# with a capital the openings of byline lines
_WRITTEN_BY = (
    "geschrieben von",
    "verfasst von",
    "erstellt von",
    "eingestellt von",
    "publié par",
    "écrit par",
    "publicado por",
    "escrito por",
    "geschreven door",
    "geplaatst door",
)
# Labels before a writer's name, in English, German ("Autorin/Autor"), French, Spanish and
# Portuguese, Dutch, the Scandinavian languages, Italian, Turkish and the languages below,
# lower-cased, without colons, brackets or slashes
_BYLINE_LABELS = (
    "written by",
    "by",
    "author",
    "authors",
    "contributor",
    "contributors",
    "autor",
    "autorin",
    "autoren",
    "autorinnen",
    "autores",
    "autori",
    "autorzy",
    "autoři",
    "autorka",
    "autorica",
    "autorinautor",
    "autorautorin",
    "von",
    "auteur",
    "auteurs",
    "auteure",
    "autrice",
    "par",
    "por",
    "door",
    "av",
    "af",
    "di",
    "autore",
    "autora",
    "yazar",
    "yazarlar",
    "forfatter",
    "forfattere",
    "författare",
    "text",
    "tekst",
    # "written by", "posted by" in German, French, Spanish and Portuguese, Dutch and Italian
    *_WRITTEN_BY,
    "scritto da",
    "pubblicato da",
    # Indonesian and Malay, Persian, Arabic, Hebrew, Hungarian, Vietnamese, Hindi, Thai
    "penulis",
    "wartawan",
    "oleh",
    "نویسنده",
    "خبرنگار",
    "بقلم",
    "كتب",
    "מאת",
    "szerző",
    "szerzők",
    "írta",
    "teksti",
    "autorius",
    "autors",
    "avtor",
    "piše",
    "yazan",
    # Russian, Ukrainian and Bulgarian "author", "authors", "text"
    "автор",
    "авторы",
    "автори",
    "текст",
    "tác giả",
    "लेखक",
    "द्वारा",
    "โดย",
    "ผู้เขียน",
    # Chinese and Japanese "author", "writer", "reporter"; Korean "writer", "author"
    *_EAST_ASIAN_LABELS,
)
# The elements that may hold such a label: short text of their own (the labels are compared in
# Python: 40 translate() calls in XPath on each of a page's thousands of short elements cost
# seconds)
_LABEL_CANDIDATES = XPath(
    "//body/descendant::*[self::span or self::p or self::strong or self::b or self::div or self::dt or self::th"
    " or self::h3 or self::h4 or self::h5 or self::h6][text()][string-length(normalize-space(text())) < 16]"
)
_LABEL_KEY = str.maketrans(string.ascii_uppercase, string.ascii_lowercase, ":()/|")
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
_LABELS = frozenset(_BYLINE_LABELS)


def _written_by_labels(tree: HtmlElement) -> list[HtmlElement]:
    """The elements whose own first text is a byline label ("By", "Autor:", "(Author)"), in
    document order: its words, lower-cased, without colons, brackets and slashes."""
    return [element for element in _LABEL_CANDIDATES(tree) if _is_byline_label(_first_own_text(element))]


def _is_byline_label(text: str) -> bool:
    """Whether ``text`` is a byline label (``_BYLINE_LABELS``): its words, lower-cased, without
    colons, brackets and slashes."""
    return _XPATH_SPACE.sub(" ", text).translate(_LABEL_KEY).strip(" \t\r\n").lower() in _LABELS


def _first_own_text(element: HtmlElement) -> str:
    """The first text node among ``element``'s children (XPath's ``text()``): its text, or the
    tail of a child where it opens with one."""
    if element.text is not None:
        return element.text
    return next((child.tail for child in element if child.tail is not None), "")


# the most of a byline string that ``clean_names`` reads: dozens of co-authors' names
_CLEAN_NAMES_MAX_CHARS = 2000


def clean_names(raw: str | None) -> list[str]:
    """Names from one byline string: "By Jane Doe, Senior Editor and John Smith" ->
    ["Jane Doe", "John Smith"]. Returns ``[]`` when nothing in it looks like a name."""
    if not raw:
        return []
    # (a longer string is no byline, and the regexes' work grows faster than its length)
    raw = raw[:_CLEAN_NAMES_MAX_CHARS]
    text = html.unescape(raw) if "&" in raw else raw
    if "@" in text or "at]" in text or "at)" in text:
        text = _EMAIL.sub(" ", text)  # an e-mail address beside a name is no name of its own
    text = undo_double_encoding(text)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    if "@" in text.split(" ")[0] and len(text.split()) == 1:
        return []
    # the section's name before the byline: "Politik · Jochen Bittner, Tina Hildebrandt"; a
    # Korean credit for text and photographs ("글·사진 홍길동"), whose dot no name separator is
    text = _TEXT_AND_MORE.sub("", _KOREAN_TEXT_AND_PHOTOS.sub("", _SECTION_FIRST.sub("", text)))
    # "Posted on September 21, 2020 by Jane Doe": the date's comma parts no names
    text = _DATED_BY.sub("", text)
    # an agency after a full name and a slash: "Peter Maahn/SP-X"
    if "(" not in text:
        text = _SLASH_AFTER_NAME.sub(r"\1, ", text)
    if "@" in text:
        text = _HANDLE_AFTER_NAME.sub("", text)  # "Jane Doe @janedoe"
    if reporters := _CHINESE_REPORTERS.fullmatch(text):
        # "记者 张三 李四": Chinese reporters' names after their label, parted by spaces
        return list(dict.fromkeys(reporters[1].split()))
    unlabelled = _PREFIX.sub("", text)
    if _is_prose(unlabelled) and not _NAME_OPENING.match(unlabelled):
        return []  # a sentence (an author's note in a byline's class), no byline
    if desk := _DESK_CREDIT.fullmatch(unlabelled):
        return [desk[0]]  # one credit: its "and" joins no two people
    if _is_one_desk(unlabelled):
        return [unlabelled]
    if firm := _SAME_NAME_TWICE.fullmatch(unlabelled):
        return [firm[0]]  # "Morgan & Morgan": a firm's name, not one person twice
    names: list[str] = []
    seen: set[str] = set()
    text = _ROLE_AT_PLACE.sub(r"\1", text)
    # co-writers in brackets: "Martin Untersinger (avec Damien Leloup et Morgane Tual)"
    text = _WITH_IN_BRACKETS.sub(r", \1", text)
    # an ampersand beside a letter or two joins one brand ("Mac & i", "AT&T"), not two people
    text = _GLUED_AMPERSAND.sub(_KEPT_AMPERSAND, text)
    if _BRAND_AMPERSAND.fullmatch(text):
        text = text.replace("&", _KEPT_AMPERSAND)
    other_credit = False
    for part in _NAME_SEPARATORS.split(text):
        part = part.replace(_KEPT_AMPERSAND, "&")
        if _OTHER_CREDIT.match(part.strip()) or (names and _EDITOR_CREDIT.match(part.strip())):
            other_credit = True  # the photographer's, the web designer's or the editor's credit
            continue
        if other_credit and not _PREFIX.match(part.strip()):
            continue  # ... goes on ("Photograph by Jane Doe, National Geographic Creative")
        other_credit = False
        if part.rstrip().endswith((":", "：")) and len(part.split()) > 1:
            continue  # a label of several words for what follows ("Artikel empfehlen:", "Share this:")
        part = _PREFIX.sub("", part.strip())
        part = _IN_AFTER_NAME.sub(r"\1", part)
        part = _TAIL.sub("", part).strip(" .:-–—|,*／｜：/•·([]【】")
        if not part.isascii():
            part = _EAST_ASIAN_ROLE.sub("", _OUTLET_EQUALS.sub("", part))
        part = _PREFIX.sub("", part).strip(" .:-–—|,/")
        part = _ROLE_LABEL.sub("", part)  # "Muhabir: Ahmet Yılmaz", "Reporter: Jane Doe"
        part = _ROLE_AFTER_COLON.sub("", part)  # "Jane Doe: Senior Editor"
        part = _without_role_before(part)  # "Chefredakteur Christian Stadtfeld"
        if (outlet := _FOR_OUTLET.search(part)) and len(part[: outlet.start()].split()) >= 2:
            part = part[: outlet.start()]  # "Jane Doe for MailOnline"
        if _is_firm(part):
            break  # "Olympia-Verlag GmbH, Nürnberg, Germany": a firm, then its address
        if not looks_like_name(part) or _ROLE.match(part) or _opens_lower_case(part) or _closes_lower_case(part):
            continue
        if names and (_ROLE_AT_END.search(part) or _place_after_name(part)):
            continue
        if (key := part.casefold()) not in seen:
            seen.add(key)
            names.append(part)
    return names


def _is_one_desk(text: str) -> bool:
    """Whether ``text`` is one desk's or section's name whose "and" joins words in lower case to
    capitalised ones ("Zone Justice et faits divers", "Arts and popular culture"): no two people."""
    if "," in text or len(text) > _BYLINE_MAX_CHARS:
        return False
    parts = _DESK_AND.split(text, maxsplit=1)
    if len(parts) != 2:
        return False
    before, after = parts[0].split(), parts[1].split()
    return (
        bool(before)
        and all(word[:1].isupper() for word in before)
        and len(after) >= 2
        and all(word.isalpha() and word.islower() for word in after)
    )


_DESK_AND = re.compile(rf"\s+(?:{_ANDS}|y|e)\s+", re.IGNORECASE)


# a role before a name: "Chefredakteur", "FOCUS-Online-Experte", "Senior Editor"
_ROLE_BEFORE = re.compile(
    rf"^(?:(?:[\w.]+-)*(?:{_ROLE_WORDS}|{_COMPOUND_ROLE}|experte|expertin|kolumnist(?:in)?)\s+)+", re.IGNORECASE
)


def _without_role_before(part: str) -> str:
    """``part`` without the role before a full name ("FOCUS-Online-Experte Robin Tschöpe" ->
    "Robin Tschöpe"); ``part`` itself where no capitalised name of two words or more follows."""
    if (role := _ROLE_BEFORE.match(part)) is None:
        return part
    name = part[role.end() :]
    return name if len(name.split()) >= 2 and name[:1].isupper() and _name_words_only(name) else part


# The date before the writer's name: "Posted on September 21, 2020 by", "Veröffentlicht am 3. Mai
# 2020 von", "Publié le 3 mai 2020 par", "Publicado el 3 de mayo por"
_DATED_BY = re.compile(
    r"^(?:posted|published|written|veröffentlicht|publiziert|erstellt|geschrieben|eingestellt|publié|publicado|"
    r"pubblicato|gepubliceerd|geplaatst)"
    r"\s+(?:on|am|le|el|il|op|em)\s+(?=[^|]{0,40}?\d)[^|]{3,40}?\s+(?:by|von|par|por|da|door)\s+(?=\w)",
    re.IGNORECASE,
)
_SLASH_AFTER_NAME = re.compile(r"\b((?-i:[A-ZÀ-ÖØ-Þ])[\w'’.-]*\s+(?-i:[A-ZÀ-ÖØ-Þ])[\w'’-]*)\s*/\s*(?=\w)")
# an account handle after a name ("Williams Perdomo @wperdomod")
_HANDLE_AFTER_NAME = re.compile(r"(?<=\w)\s+@\w[\w.]*")
# The Chinese reporter's label and names of two to four Han characters parted by spaces
_CHINESE_REPORTERS = re.compile(r"(?:本报)?[记記]者\s+((?:[\u4e00-\u9fff]{2,4}\s+)*[\u4e00-\u9fff]{2,4})")
# A byline that opens with the name and goes on with prose ("Jane Doe. Jane is a reporter ...")
_NAME_OPENING = re.compile(r"(?:[A-Z][\w'’-]*\.?\s+){1,3}[A-Z][\w'’-]*[.,]")
# Prose has this many words or more, and this many of the words of grammar besides "and"
_PROSE_MIN_WORDS = 8
_PROSE_MIN_FUNCTION_WORDS = 3


def _is_prose(text: str) -> bool:
    """Whether ``text`` reads as an English sentence, not a byline: "The original has been
    discontinued, so go ahead and read this rewrite" (an author's note in a byline's class)."""
    words = text.split()
    if len(words) < _PROSE_MIN_WORDS:
        return False
    grammar = {word for word in words if word in _FUNCTION_WORDS and word != "and"}
    return len(grammar) >= _PROSE_MIN_FUNCTION_WORDS


_KOREAN_TEXT_AND_PHOTOS = re.compile(r"^글\s*[·ㆍ/]\s*사진\s+(?=\S)")
# ... and in English, German, Spanish, French, Italian, Portuguese, Dutch and the Scandinavian
# languages ("Text und Fotos: Jane Doe", "Texto y fotos: Juan Pérez", "Text and interview:", "Text
# und Fotos von Jane Doe"): one credit, whose "and" joins no two people
_TEXT_AND_MORE = re.compile(
    r"^(?:text[eo]?|testo|tekst)\s*(?:and|und|y|et|e|en|og|och|&|/|\+)\s*"
    r"(?:photos?|fotos?|bilder|bild|images?|interview|entrevista|entretien|intervista|recherche)"
    r"\s*(?::|\s(?:by|von|par|por))\s*(?=\w)",
    re.IGNORECASE,
)
# one word set off before a line of two words or more: a section's name ("Politik · Jane Doe")
_SECTION_FIRST = re.compile(r"^[^\W\d_][\w-]*\s+[|•·]\s+(?=[^\W\d_]+\s+[^\W\d_])")


# "with" in English, French, German, Spanish and Italian, Portuguese, Dutch, the Scandinavian
# languages
_WITH_IN_BRACKETS = re.compile(r"\s*\((?:with|avec|mit|con|com|met|med)\s+([^()]+)\)", re.IGNORECASE)
_GLUED_AMPERSAND = re.compile(r"(?<=\w)&(?=\w)")  # "AT&T", "M&S"
_BRAND_AMPERSAND = re.compile(r"\S+\s*&\s*\w{1,2}|\w{1,2}\s*&\s*\S+")  # "Mac & i"
_KEPT_AMPERSAND = "\ue000"  # a private-use character, in no byline


# A credit that names no writer: a picture's ("Фото: Алексей Меринов", "Foto: dpa") or the
# website's ("Developed by ...")
_OTHER_CREDIT = re.compile(
    r"(?:photos?|fotos?|фото|bild|image|写真|사진|图片|圖片)\s*[:：]|фото\s+(?:из|от)\s|"
    r"(?:photo(?:graph)?s?|pictures?|images?|illustrations?|graphics?|videos?)\s+(?:by|courtesy\s+of)\s|"
    r"(?:design|code|development|illustrations?|graphics?|infographics?|videos?|animation|audio|data|layout|"
    r"production|editing)\s*:|"
    r"(?:developed|designed|powered|hosted|built)\s+by\b",
    re.IGNORECASE,
)
# the editor's credit after the writer's: "Penulis: Budi Santoso | Editor: Siti Aminah" (alone,
# "Editor: Jane Doe" names the writer of many a blog)
_EDITOR_CREDIT = re.compile(
    r"(?:editor|editora|redaktur|penyunting|redaktion|rédaction|redacción|redazione|redactie)\s*[:：]", re.IGNORECASE
)
# the section or the place after a name of two words or more ("Jane Doe in Project Management",
# "Anna Muster in Zürich"): a phrase of one word before it is no name ("Get in touch")
_IN_AFTER_NAME = re.compile(r"^(\S+(?:\s+\S+)+?)\s+in(?:\s.*)?$", re.DOTALL)
# a writer's outlet after the name: "Amitai Winehouse For Mailonline", "Jane Doe for The Times"
_FOR_OUTLET = re.compile(r"\s+(?i:for\s+(?:the\s+)?)[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*$")
# Korean credits the outlet before an equals sign: "스포츠조선=선수민 기자"
_OUTLET_EQUALS = re.compile(rf"^[^=]*[{HANGUL}][^=]*=\s*(?=[{HANGUL}])")


def _closes_lower_case(part: str) -> bool:
    """Whether a part of three words or more opens with a capital and goes on in lower-case
    words, as no name does: a phrase ("Catch more fish"), a description ("Extension
    horticulture educators"). A name's particle may end one ("Maria da"), a desk's credit may
    ("Guardian staff reporter"), and so may a name written all in lower case; two words may be
    a name whose second the writer left in lower case, and a capital further on makes a
    credit ("Contributors to Wikimedia projects"), a letter a brand ("Mac & i")."""
    words = part.split()
    last = words[-1] if len(words) >= 3 else ""
    return (
        len(last) >= 2
        and words[0][:1].isupper()
        and all(word.islower() for word in words[1:])
        and last.isalpha()
        and last not in _NAME_PARTICLES
        and last not in _CREDIT_LAST_WORDS
    )


# the last word of a desk's, a team's or a brand's credit ("Guardian staff reporter")
_CREDIT_LAST_WORDS = frozenset(
    {"staff", "reporter", "reporters", "team", "desk", "online", "newsroom", "editors", "writers", "wire", "agencies"}
)


def _place_after_name(part: str) -> bool:
    """Whether a part after a writer's name opens with a lower-case word before a capitalised
    one, a name's particle too: the place or the desk the writer writes from ("Por Jane Doe,
    do Rio de Janeiro", "Jane Doe, da Redação"), not a co-author, whose given name comes first."""
    words = part.split()
    return len(words) > 1 and words[0].isalpha() and words[0].islower() and words[1][:1].isupper()


def _opens_lower_case(part: str) -> bool:
    """Whether a part of several words, some of them capitalised, opens with a lower-case word
    that no name does: a place ("em São Paulo"), a phrase ("selbst ist der Mann"). A name's
    particle ("van der Berg"), an article ("the Lavazza Team"), a domain ("stol.it / Suedtirol
    Online") and a name written all in lower case ("kirstin boatto") may."""
    words = part.split()
    first = words[0] if words else ""
    return (
        len(words) > 1
        and first.isalpha()
        and first.islower()
        and any(word[:1].isupper() for word in words[1:])
        and first not in _NAME_PARTICLES
        and first not in _ARTICLES
    )


# the lower-case words that open people's names: "van der Berg", "de la Cruz", "bin Abdullah"
_NAME_PARTICLES = frozenset(
    {"van", "von", "vom", "zu", "zum", "der", "den", "de", "del", "della", "delle", "dei", "degli", "di"}
    | {"da", "das", "do", "dos", "du", "des", "la", "las", "le", "lo", "los", "ten", "ter", "te", "het"}
    | {"af", "av", "bin", "binti", "bint", "ibn", "ben", "al", "el"}
)
_ARTICLES = frozenset({"the", "a", "an"})
# English words of grammar, which a phrase has and a name does not
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "not",
        "so",
        "if",
        "to",
        "of",
        "in",
        "on",
        "at",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "go",
        "will",
        "would",
        "can",
        "could",
        "this",
        "that",
        "it",
        "its",
        "you",
        "your",
        "we",
        "our",
        "i",
        "my",
        "me",
        "all",
        "any",
        "now",
    ]
)


# A Chinese, Japanese or Korean name, or a firm's ("ライトハウス国際特許事務所"), has at most this
# many characters
_CJK_CHARACTER = re.compile(f"[{IDEOGRAPHIC}{HANGUL}]")
_MAX_CJK_NAME_CHARS = 14
_DIGIT = re.compile(r"\d")


# The legal forms that end a firm's or a society's name, in English, German, French, Spanish,
# Portuguese, Italian, Dutch, the Scandinavian languages and Finnish
_LEGAL_FORMS = frozenset(
    {"gmbh", "ag", "kg", "gbr", "ohg", "ug", "e.v.", "e.v", "ev.", "eg", "e.g.", "se", "kgaa", "mbh"}
    | {"ltd", "ltd.", "llc", "inc", "inc.", "corp", "corp.", "plc", "pty", "llp", "l.l.c."}
    | {"s.a.", "s.a", "s.l.", "sarl", "s.a.r.l.", "sas", "lda", "lda.", "ltda", "ltda.", "s.a.s."}
    | {"spa", "s.p.a.", "srl", "s.r.l.", "n.v.", "b.v.", "asa", "a/s", "aps", "oy", "oyj"}
)


def _is_firm(value: str) -> bool:
    """Whether ``value`` is a firm's or a society's name: words that end with a legal form."""
    words = value.split()
    return len(words) > 1 and words[-1].casefold().rstrip(",") in _LEGAL_FORMS


# a colon between words: "Kicker: Headline"
_HEADLINE_COLON = re.compile(r"\w\W*:\s+\W*\w")


def looks_like_name(value: str) -> bool:
    """Whether ``value`` can be a person's or a desk's name: a few words with letters, not a
    date, a URL, a menu word or a sentence."""
    words = value.split()
    if not words or len(words) > _MAX_NAME_WORDS or len(value) > _MAX_NAME_CHARS:
        return False
    if "://" in value or "@" in value or any(word.casefold().startswith("www.") for word in words):
        return False
    if value.startswith(OPENING_QUOTES) and value.endswith(CLOSING_QUOTES):
        return False  # '"Michael Joseph Savage"': a cited page's title, linked in a reference list
    if _HEADLINE_COLON.search(value):
        return False  # '"Tarzan"-Star: Grauenvoller Mord': another story's headline, no name
    if _is_byline_label(value):
        return False  # "Auteur(s)", "Author": the label, not the name after it
    if _is_firm(value):
        return False  # "Olympia-Verlag GmbH", "Bundesverband WindEnergie e.V.": a firm or a society
    if (cjk := len(_CJK_CHARACTER.findall(value))) and (cjk > _MAX_CJK_NAME_CHARS or _DIGIT.search(value)):
        return False  # a headline's words ("跨流域调水缓解白洋淀水资源紧缺", "来自10米竹竿上的中国功夫"), no name
    if len(words) == 1 and value.islower() and not value.replace("/", "").isalpha():
        return False  # "jane.doe", "brandon-acme": an account handle ("det/dpa" is a desk's credit)
    if value.islower() and any(word in _FUNCTION_WORDS for word in words):
        return False  # "so go ahead": a phrase, not a name written in lower case ("kirstin boatto")
    if not _LETTER.search(value) or (_MONTHS.match(value) and len(words) <= 3):
        return False
    if len(words) == 1 and (_WEEKDAY.fullmatch(value) or value.casefold() in _OTHER_DATE_WORDS):
        return False
    # (a word of no letters is an arrow or a mark: "Learn more >>")
    if value.casefold() in _NOT_NAMES or all(
        w.casefold().strip(".:") in _NOT_NAMES for w in words if _LETTER.search(w)
    ):
        return False
    if len(words) > 1 and words[-1].islower() and words[-1] in _NOT_NAMES:
        return False  # "award-winning author", "our staff": a description
    if words[-1].casefold() in _ACCOUNT_ROLES or (len(words) == 1 and value.islower() and value.endswith("admin")):
        return False  # "Webmaster", "NOC Admin", "Site Administrator", "jdadmin": an account, no writer
    return not value.endswith((".", "!", "?")) or len(words) <= 3


def _json_ld_names(value: Any, *, organisations: bool) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        is_organisation = "Organization" in str(value.get("@type", ""))
        name = value.get("name") or _given_and_family(value)
        if is_organisation != organisations:
            return
        if isinstance(name, str):
            yield name
        elif isinstance(name, list):
            yield from (n for n in name if isinstance(n, str))
    elif isinstance(value, list):
        for item in value:
            yield from _json_ld_names(item, organisations=organisations)


def _author_page_urls(value: Any) -> Iterator[str]:
    """The writers' pages a JSON-LD ``author`` gives in place of names: the URL alone, or a
    Person's ``url`` where it has no name and no ``@id`` that names it elsewhere."""
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, dict):
        url = value.get("url")
        if isinstance(url, str) and not (value.get("name") or _given_and_family(value) or "@id" in value):
            yield url.strip()
    elif isinstance(value, list):
        for item in value:
            yield from _author_page_urls(item)


def _given_and_family(person: dict[str, Any]) -> str | None:
    """A schema.org Person named by parts only: ``givenName`` and ``familyName``."""
    parts = [person.get(key) for key in ("givenName", "additionalName", "familyName")]
    words = [part.strip() for part in parts if isinstance(part, str) and part.strip()]
    return " ".join(words) or None


def _referenced_ids(value: Any) -> set[str]:
    """The ``@id`` of authors given by reference only (``{"@id": ".../#/schema/person/1"}``, as
    Yoast writes them), whose names stand in another node of the page's graph."""
    items = value if isinstance(value, list) else [value]
    return {
        item["@id"]
        for item in items
        if isinstance(item, dict)
        and "name" not in item
        and not _given_and_family(item)
        and isinstance(item.get("@id"), str)
    }


def _names_by_id(tree: HtmlElement, ids: set[str]) -> Iterator[str]:
    """The names of the JSON-LD persons with these ``@id``, wherever they are on the page."""
    for data in json_ld_documents(tree, containing=ids):
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if (
                    item.get("@id") in ids
                    and "Organization" not in str(item.get("@type", ""))
                    and isinstance(item.get("name"), str)
                ):
                    yield item["name"]
                stack.extend(value for value in item.values() if isinstance(value, (list, dict)))


def _text(element: HtmlElement) -> str:
    # itertext with spaces: "<span>By</span><a>Jane</a>" is "By Jane", not "ByJane"
    return " ".join(part.strip() for part in _SEEN_TEXT(element) if part.strip())


# The text a reader sees in an element, as ``html.VISIBLE_TEXT`` reads the body's: not
# that of an inline stylesheet or script a byline block may hold. Script and style hold raw
# text only, so ``parent::`` finds their text as ``ancestor::`` would. A link marked as a tag
# (``rel="tag"``, as WordPress marks its tags and categories, or ``class="tag"``) or going to a
# ``/category/`` page names a topic, never a writer: a byline block that shows the post's topics
# beside its date ("<a class="tag">Personal finance</a> January 27, 2025") names nobody. (A plain
# ``/tag/`` address is not enough: some sites list each writer's stories under a tag.) Nor does a
# reader see text hidden for screen readers ("visually-hidden", "sr-only"): a brand's name set
# beside the byline's logo ("<span class="u-visually-hidden">capital</span> von Jemima Kelly").
_SEEN_TEXT_PATH = (
    "descendant::text()[not(parent::script or parent::style or ancestor::noscript or ancestor::template"
    ' or ancestor::*[contains(@class, "visually-hidden") or contains(@class, "sr-only")]'
    ' or ancestor::a[contains(concat(" ", normalize-space(@rel), " "), " tag ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " tag ") or contains(@href, "/category/")])]'
)
_SEEN_TEXT = XPath(_SEEN_TEXT_PATH, smart_strings=False)
# ... each text with the element it stands in
_SEEN_TEXT_NODES = XPath(_SEEN_TEXT_PATH)
# A family name set apart from the given name ("<span class="firstname">Ingrid</span> <span
# class="lastname">Treborg</span>", hCard's "family-name", schema.org's "familyName"): one name
_FAMILY_NAME = re.compile(r"last-?name|family-?name|surname|familyname", re.IGNORECASE)


# The separator after a section's name that opens a byline block ("Erhverv - 2. januar 2020"):
# ``_LINE_SEPARATOR``'s, and a hyphen, which a name's line does not use that way
_SECTION_SEPARATOR = re.compile(r"\s+[-|•·–—]\s+")


# the most elements a "By A, B and C" line holds: a name and its link each, and the separators
_BY_LINE_MAX_ELEMENTS = 40


def _whole_by_line(element: HtmlElement) -> HtmlElement:
    """The "By A, B and C" line that ``element`` (one name of it, in a class such as
    "last-byline") stands in, else ``element``."""
    parent = element.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return element
    if next(itertools.islice(parent.iter(), _BY_LINE_MAX_ELEMENTS, None), None) is not None:
        return element  # a container of more than a line: its text is not read for each byline in it
    line = _text(parent)
    if len(line) <= _BYLINE_MAX_CHARS and _BY_OPENING.match(line) and len(line) > len(_text(element)) + 4:
        return parent
    return element


# a reviewer's or an editor's credit, in a text of its own before the names it gives
_REVIEWER_CREDIT = re.compile(
    r"(?:(?:medically|expert)\s+)?reviewed\s+by\b|fact[- ]?checked\s+by\b|edited\s+by\b", re.I
)


def _first_names_in(element: HtmlElement) -> str:
    """The names at the start of a byline block, without the role, date or bio after them:
    "<b>Jane Doe</b> <i>Senior Editor</i> <time>May 1</time>" gives "Jane Doe"."""
    pieces = _name_pieces(element)
    kept: list[str] = []
    expect_more = True
    labelled = False
    for piece in pieces:
        if _CONNECTOR.fullmatch(piece):
            expect_more = True
            continue
        if _PREFIX.fullmatch(piece + " ") or piece.casefold().strip(" :：") in _BYLINE_LABELS:
            labelled = True
            continue
        if not expect_more or _REVIEWER_CREDIT.match(piece):
            break  # the names after "Reviewed by" are the reviewer's, not the writer's
        first, *rest = _SECTION_SEPARATOR.split(piece, maxsplit=1)
        if rest and " " not in first and _DATE_IN_LINE.match(rest[0]):
            continue  # the section and the date, where the names may follow ("Erhverv - 2. januar 2020")
        if clean_names(piece):
            kept.append(piece)
            expect_more = piece.rstrip().endswith((",", "&", " and"))
        elif kept or labelled:
            break  # what "By" labels is no name: the sentences after it name nobody either
    return ", ".join(kept)


def _name_pieces(element: HtmlElement) -> list[str]:
    """The texts a reader sees in ``element`` (``_SEEN_TEXT``), each stripped, with a family
    name set apart (``_FAMILY_NAME``) joined to the given name before it."""
    pieces: list[str] = []
    for node in _SEEN_TEXT_NODES(element):
        if not (piece := node.strip()):
            continue
        parent = node.getparent()
        names = f"{parent.get('class', '')} {parent.get('itemprop', '')}" if parent is not None else ""
        if pieces and not node.is_tail and _FAMILY_NAME.search(names):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def _author_cards(element: HtmlElement) -> list[HtmlElement]:
    """The co-authors' cards of a byline, each a name and a role ("<a class="byline__author">
    Erik Lindqvist <span>Reporter</span></a>"): two or more elements inside ``element``, or
    ``element`` and those after it, with one byline class. Empty when there are none."""
    classes = [
        (value, child)
        for child in element.iterdescendants()
        if (value := child.get("class")) and _BYLINE_CLASS_PARTS.search(value) and _BYLINE_CLASS.search(value)
    ]
    counts = Counter(value for value, _ in classes)
    for value, _ in classes:
        if counts[value] > 1:
            return [child for other, child in classes if other == value]
    if not (value := element.get("class")):
        return []  # (a byline by its id alone has no class its co-authors' cards share)
    # the cards that follow in the same byline, looked for among the next few elements only: a
    # page of thousands of bylines in one container would otherwise cost their square
    following = itertools.islice(element.itersiblings(), _CARD_SIBLINGS)
    siblings = [element, *(sibling for sibling in following if sibling.get("class") == value)]
    return siblings if len(siblings) > 1 else []


# how many elements after a byline card are looked at for its co-authors' cards
_CARD_SIBLINGS = 8


def _outside_page_furniture(element: HtmlElement, story: Collection[HtmlElement]) -> bool:
    """Whether no ancestor of ``element`` is a menu, footer, form, sidebar, comment or related
    block, ``story`` (``headline_holders``) excepted: a container that holds the headline is
    the story's, named for the layout around it ("article--sidebar-right", a grid's "sidebar"
    area beside the text, ASP.NET's page-wide ``<form>``). Code is no byline either (SQL's
    "ORDER BY period" in a ``<pre>``), nor is a quotation's author (a pull quote's, an embedded
    post's)."""
    # <body> and <html> are left out: CMSs stamp the page layout on them ("has-sidebar",
    # "mega-menu", "comments-open"), which says nothing about where the byline stands
    return not any(
        _is_furniture(ancestor) and not (ancestor.tag == "nav" and _beside_headline(ancestor, story))
        for ancestor in element.iterancestors()
        if ancestor.tag not in ("body", "html") and ancestor not in story
    )


def _beside_headline(element: HtmlElement, story: Collection[HtmlElement]) -> bool:
    """Whether ``element`` stands beside the ``<h1>`` in its header (a sibling of it or of
    its container): a ``<nav>`` there is the story's line of credits and dates, not a menu."""
    parent = element.getparent()
    return (
        parent in story
        and parent.tag not in ("body", "html")
        and (parent.find("h1") is not None or parent.find("*/h1") is not None)
    )


# the footer of a post, not of the page ("post-footer", "entry-footer", "postfooter"): the post's
# credits, as an ``<article>``'s ``<footer>`` holds them
_POST_FOOTER_CLASS = re.compile(r"(?:post|entry|article|story)[-_]?footer", re.IGNORECASE)


def _is_furniture(element: HtmlElement) -> bool:
    """Whether ``element`` is page furniture (``_outside_page_furniture``): one named for the
    byline is the article's ("<footer class="byline-footer">"), a comment's excepted."""
    if element.tag in ("pre", "code", "blockquote"):
        return True
    names = element.get("class", "") + " " + element.get("id", "")
    if (_BYLINE_CLASS.search(names) or _POST_FOOTER_CLASS.search(names)) and "comment" not in names.lower():
        return False
    furniture_names = _COMMENTS_CLASS.findall(names)
    if furniture_names and all(name.lower() == "footer" for name in furniture_names) and _in_article(element):
        furniture_names = []  # an article's footer by its class ("article-template-footer")
    return (element.tag in ("nav", "footer", "form", "aside") and not _holds_article_credits(element)) or bool(
        furniture_names
    )


def _holds_article_credits(element: HtmlElement) -> bool:
    """Whether ``element`` is the ``<footer>`` of an ``<article>`` (its nearest sectioning
    ancestor) or an ``<aside>`` inside the article or the page's ``<main>``: they hold the
    article's own credits ("Posted by Jane Doe on May 1", an author card), not the page's."""
    if element.tag == "aside":
        return next(element.iterancestors("article", "main"), None) is not None
    return element.tag == "footer" and _in_article(element)


def _in_article(element: HtmlElement) -> bool:
    """Whether the nearest sectioning ancestor of ``element`` is an ``<article>``."""
    section = next(element.iterancestors("article", "section", "aside", "nav", "body"), None)
    return section is not None and section.tag == "article"


def _after_reviewer_credit(link: HtmlElement) -> bool:
    """Whether the text right before ``link`` credits a reviewer or an editor ("Reviewed by")."""
    return _REVIEWER_CREDIT.search(_text_just_before(link)[-40:]) is not None


def _text_just_before(element: HtmlElement) -> str:
    """The text between ``element`` and the sibling before it, or its parent's opening text."""
    previous = element.getprevious()
    return (previous.tail if previous is not None else element.getparent().text) or ""


def _shown_only_after(shown: list[HtmlElement], credit: re.Pattern[str], chars: int) -> bool:
    """Whether ``shown`` (the elements that show a name) is not empty and each stands right after
    a ``credit`` that ends the last ``chars`` characters before it."""
    return bool(shown) and all(credit.search(_text_just_before(element)[-chars:]) for element in shown)


# a heading that links to a page, within a card: another story's teaser
_LINKED_HEADINGS = XPath(
    "(.//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6][descendant::a/@href or ancestor::a/@href])[1]"
)
# how far up from a writer's link its story's card may hold the card's headline
_CARD_LEVELS = 3


def _in_story_card(link: HtmlElement, story: Collection[HtmlElement], cards: dict[HtmlElement, bool], url: str) -> bool:
    """Whether ``link`` (to a writer's page) is in the card of another story: a block a few
    levels up, outside the story's own containers, holds a linked heading ("<h4><a>Another
    story</a></h4> <a href="/author/jane-doe">Jane Doe</a>") that links to no writer's page
    (an author card's "<h3><a href="/author/jane-doe">Jane Doe</a></h3>" is the writer's) and
    not to the page itself at ``url`` (a theme that sets the post's title as an ``<h2>`` linking
    to its own address). ``cards`` keeps each block's answer (thousands of links may share one)."""
    for ancestor in itertools.islice(link.iterancestors(), _CARD_LEVELS):
        if ancestor in story or ancestor.tag in ("body", "html"):
            return False
        if ancestor not in cards:
            cards[ancestor] = _is_story_card(ancestor, url)
        if cards[ancestor]:
            return True
    return False


def _is_story_card(element: HtmlElement, url: str) -> bool:
    """Whether ``element`` holds a linked heading that links to no writer's page and not to the
    page at ``url`` itself: another story's card ("<div class='card'><h2><a>Another
    story</a></h2>...")."""
    headings = _LINKED_HEADINGS(element)
    if not headings:
        return False
    heading = headings[0]
    anchor = next(heading.iterancestors("a"), None)
    hrefs = [a.get("href", "") for a in ([anchor] if anchor is not None else heading.iter("a"))]
    return not any(_AUTHOR_PAGE.search(href) or _same_page(href, url) for href in hrefs)


def _same_page(href: str, url: str) -> bool:
    """Whether ``href``, read against the page's ``url``, is the page's own address (its path)."""
    if not url:
        return False
    try:
        return urlsplit(urljoin(url, href.strip())).path.rstrip("/") == urlsplit(url).path.rstrip("/")
    except ValueError:  # "http://[bad"
        return False


def _in_running_text(link: HtmlElement) -> bool:
    """Whether ``link`` stands in a paragraph of the story's text, longer than a byline: a
    mention of a person ("US President <a href="/people/...">"), not the writer's credit."""
    paragraph = next(link.iterancestors("p"), None)
    return paragraph is not None and collapsed_length(paragraph.text_content()) > _BYLINE_MAX_CHARS


_ITEM_NAMES = XPath('.//*[@itemprop="name"]')
# the most names of one author item read (a hostile page nests thousands)
_ITEM_NAMES_READ = 20


def _in_nested_item(element: HtmlElement, item: HtmlElement) -> bool:
    """Whether an item nested in ``item`` holds ``element`` (a microdata property of its own)."""
    for ancestor in element.iterancestors():
        if ancestor is item:
            return False
        if ancestor.get("itemscope") is not None:
            return True
    return False


def _byline_elements(tree: HtmlElement, story: Collection[HtmlElement], url: str = "") -> Iterator[str]:
    for element in _ITEMPROP_AUTHORS(tree):
        if next(element.iterancestors("figure", "figcaption"), None) is not None:
            continue  # the picture's author ("<figcaption><p itemprop=author>")
        if not _outside_page_furniture(element, story):
            continue  # a comment's author, a teaser's in the sidebar
        # the author's names, not those of a nested item's (an affiliation's); some sites give
        # each co-author as a name of one author
        names = [name for name in _ITEM_NAMES(element)[:_ITEM_NAMES_READ] if not _in_nested_item(name, element)]
        if names:
            yield ", ".join(name.get("content") or _text(name) for name in names[:_MAX_GROUPED_LINKS])
        else:
            # without a name inside, the element may hold the role and date too: its leading names
            yield element.get("content") or _first_names_in(element)
    # co-authors' links in one byline ("<a rel=author>A</a> and <a rel=author>B</a>"), grouped
    # by the element that holds them
    by_parent: dict[HtmlElement | None, list[HtmlElement]] = {}
    for link in _REL_AUTHOR_LINKS(tree):
        by_parent.setdefault(link.getparent(), []).append(link)
    for group in by_parent.values():
        yield ", ".join(_first_names_in(link) for link in group[:_MAX_GROUPED_LINKS])
    # (an avatar's link, with no text, stands before the name's)
    story_cards: dict[HtmlElement, bool] = {}
    links = [
        link
        for link in _AUTHOR_LINKS(tree)
        if _outside_page_furniture(link, story)
        and not _in_running_text(link)
        and _LETTER.search(link.text_content())
        and not _FOLDER_PAGE.search(link.get("href", ""))
        and not _in_story_card(link, story, story_cards, url)
    ]
    if links:
        # the byline under the headline, not a menu of the site's columnists above it
        first = links[0]
        if len(links) > 1 and (h1 := story_headline(tree)) is not None:
            after = set(_FOLLOWING_LINKS(h1))
            first = next((link for link in links if link in after), first)
        # co-authors are sibling links in one byline
        parent = first.getparent()
        # ("By <a>Jane Doe</a>. Reviewed by <a>John Roe</a>": the reviewer is no co-author)
        group = [
            link
            for link in links
            if (link.getparent() is parent or link.getparent().getparent() is parent.getparent())
            and (link is first or not _after_reviewer_credit(link))
        ]
        # a link may be a whole author card: its name, then the role ("Tech Reporter")
        yield ", ".join(_first_names_in(link) for link in group[:_MAX_GROUPED_LINKS])
    read: set[HtmlElement] = set()  # (an element of both a byline class and id is read once)
    for names in itertools.chain(_BODY_CLASSES(tree), _BYLINE_IDS(tree)):
        if _BYLINE_CLASS_PARTS.search(names) and (element := names.getparent()).tag in _BYLINE_TAGS:
            # (an element that holds the headline is no byline, whatever its class: "author-info_wrapper")
            if (
                element not in read
                and _BYLINE_CLASS.search(names)
                and not any(_NOT_BYLINE_CLASS.search(token) for token in names.split())
                and element not in story
                and _outside_page_furniture(element, story)
            ):
                read.add(element)
                if cards := _author_cards(element):
                    # a reviewer's card ("Reviewed by ...") credits no writer
                    yield ", ".join(
                        _first_names_in(card) for card in cards[:_MAX_GROUPED_LINKS] if clean_names(_text(card))
                    )
                else:
                    yield _first_names_in(_whole_by_line(element))
    for label in _written_by_labels(tree):
        if not _outside_page_furniture(label, story):
            continue
        # the name after the label: inside it ("<p>By <a>Jane Doe</a></p>"), its own text
        # ("<strong>Contributors:</strong> Jane Doe"), else the element after it ("<h3>Author</h3>
        # <p>Jane Doe</p>")
        if any(_LETTER.search(child.text_content()) for child in label if isinstance(child.tag, str)):
            yield _first_names_in(label)
        elif (tail := (label.tail or "").strip(" :|\n\t")) and _LETTER.search(tail):
            yield tail
        elif (following := label.getnext()) is not None:
            items = following if following.tag in ("ul", "ol") else [following]
            # a name's line, not the paragraph of a comment or a post that follows a label
            texts = [_text(item) for item in items if isinstance(item.tag, str)]
            yield ", ".join(text for text in texts if len(text) <= _BYLINE_MAX_CHARS)


# The elements just after the headline, where a byline with no markup of its own stands.
_AFTER_HEADLINE = XPath("following::*[position() <= 8]")


def _line_under_headline(tree: HtmlElement, story: Collection[HtmlElement]) -> Iterator[str]:
    """A short "By Jane Doe | date" line right under the ``<h1>`` (or "Von", "Par", "Por", ...),
    a labelled one ("Autor: Jan Nowak", "Текст: Иван Петров"), or one that opens with a name and
    goes on with a date after a separator ("Jane Doe | Senior Writer | July 2, 2025"), or opens
    with the date ("2025-12-17 · Jane Doe"), or a name alone in an element right beside the date
    line's ("<p>Jane Doe</p><p>May 3, 2024</p>"): the byline of pages that mark up neither
    authors nor byline classes."""
    h1 = story_headline(tree)
    # the last element without children read: whether it showed a date, its text when a name
    last_dated, last_name = False, None
    link_chars: dict[HtmlElement, int] = {}
    for element in _AFTER_HEADLINE(h1) if h1 is not None else ():
        text = _text(element)
        if (
            len(text) > _BYLINE_MAX_CHARS
            or not _outside_page_furniture(element, story)
            or _in_teaser_link(element, text, link_chars)
        ):
            last_dated, last_name = False, None
            continue
        if not len(element):
            name, dated = _bare_name(text), _shows_date(text)
            if (name and last_dated) or (dated and last_name):
                yield name or last_name or ""
                return
            # ... or the name and the date in one line, parted by a comma ("Иван Петров, 3 мая 2024")
            head, comma, tail = text.partition(", ")
            if comma and dated and _bare_name(head) and _shows_date(tail) and not _shows_date(head):
                yield head
                return
            last_dated, last_name = dated, name
        if _BY_OPENING.match(text):
            # without the role or date in elements of their own, or after a separator ("Por María
            # López | Madrid | 03 may 2024")
            line = _LINE_SEPARATOR.split(_first_names_in(element), maxsplit=1)[0]
            opening = text.split(" ", 1)[0]
            if opening not in _OTHER_BY_WORDS or _names_follow(line.removeprefix(opening)):
                yield line
            return
        label, colon, labelled = text.partition(":")
        if colon and labelled.strip() and _is_byline_label(label):
            yield text  # a labelled line: "Autor: Jan Nowak", "Текст: Иван Петров"
            return
        if (dated_line := _dated_line_name(text)) is not None:
            if dated_line:
                yield dated_line
            return
    # ... or, above the headline, a line of the date and a full name ("04.02.2022 | 13:10 Uhr |
    # Uta Helkenberg")
    above = _BEFORE_HEADLINE(h1) if h1 is not None else []
    if (
        above
        and not len(above[0])
        and _outside_page_furniture(above[0], story)
        and (dated_line := _dated_line_name(_text(above[0])))
        and _name_words_only(dated_line)
    ):
        yield dated_line


# The element just before the headline, where some sites set the date line and the byline.
_BEFORE_HEADLINE = XPath("preceding::*[1]")
# the time after a date: "13:10 Uhr", "10:22", "6:45 PM"
_TIME_PART = re.compile(r"\d{1,2}[:.]\d\d(?:\s*(?:Uhr|h|[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?")


def _dated_line_name(text: str) -> str | None:
    """For a line of a date and a name parted by separators, the name where it is a full name and
    "" where it is not; None for a line of another shape. The date first: "2025-12-17 · Jane
    Doe", the time after it passed over ("04.02.2022 | 13:10 Uhr | Uta Helkenberg"), not a
    labelled part ("Tags: ...", "Source: ..."); or the name first and a date after it ("Jane Doe
    | Senior Writer | July 2, 2025"): a full name, as one word before the date is as often the
    section ("Politics | May 2"), and a label's line is no name's ("Anadolu Ajansı Giriş:
    03.07.2024 - 18:24")."""
    if len(text) > _BYLINE_MAX_CHARS:
        return None
    first, *rest = _LINE_SEPARATOR.split(text)
    if rest and _DATE_IN_LINE.search(first) and not _DATE_IN_LINE.search(rest[0]):
        after = rest[1:] if _TIME_PART.fullmatch(rest[0]) and len(rest) > 1 else rest
        name = after[0]
        return name if ":" not in name and _capitalised(clean_names(name), min_words=2) else ""
    if rest and any(_DATE_IN_LINE.search(part) for part in rest):
        return first if ":" not in first and _capitalised(clean_names(first), min_words=2) else ""
    return None


def _bare_name(text: str) -> str | None:
    """``text`` where it is names alone, capitalised, with no label or date: "Jane Doe", "Jean
    Dupont et Marie Martin", "홍길동 기자"; else None."""
    if len(text) > _BARE_NAME_MAX_CHARS or _DIGIT.search(text) or ":" in text:
        return None
    names = clean_names(text)
    if not names or len(names) > _MAX_GROUPED_LINKS or not _capitalised(names):
        return None
    # ... every word capitalised but a name's particles: a German headline capitalises its
    # nouns only ("Norddeutschland findet seine Meister")
    if not all(_name_words_only(name) for name in names):
        return None
    # a full name, or a Chinese, Japanese or Korean one, two to five Han characters or Hangul
    # syllables without spaces (not a word in kana: "ポスト", a share button's)
    if not all(len(name.split()) >= 2 or _CJK_NAME.fullmatch(name) for name in names):
        return None
    return text


def _shows_date(text: str) -> bool:
    """Whether ``text`` is a short line that shows a date, in any script or order."""
    return len(text) <= _BYLINE_MAX_CHARS and (
        _DATE_IN_LINE.search(text) is not None or bool(dates_in_text(text, True))
    )


_BARE_NAME_MAX_CHARS = 60
_CJK_NAME = re.compile(f"[\u4e00-\u9fff{HANGUL}]{{2,5}}")


# "By" opening a line, in English, German, French, Spanish and Portuguese, Dutch and the
# Scandinavian languages ("Von Anna Muster", "Por Ana Souza e Pedro Almeida")
_BY_OPENING = re.compile(r"(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v|[Aa]f) ")
# what parts a byline line: "Jane Doe | Senior Writer | July 2, 2025", "Jane Doe · 2 May 2024"
_LINE_SEPARATOR = re.compile(r"\s+[|•·–—-]\s+")
# a date in Latin script, with or without its year: "July 2", "3. mai 2024", "2025-07-02",
# "05.04.2025" (dates.without_dates also reads Chinese, Japanese and Korean dates, whose credit
# lines "记者 林晓雯 | 2024年5月1日" _chinese_credit_lines reads)
_DATE_IN_LINE = re.compile(
    rf"\b{MONTH_WORD}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{MONTH_WORD}|{OTHER_MONTH_NAME})\b"
    r"|\b\d{4}-\d\d-\d\d\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b",
    re.IGNORECASE,
)


_LABELLED_OPENINGS = tuple(
    f"{label}{colon}"
    for label in (
        *("Author", "Authors", "Autor", "Autorin", "Autoren"),
        *("Auteur", "Auteure", "Auteurs", "Autore", "Autora", "Autores"),
    )
    for colon in (":", " :")
)
# ... and German "text by", "a post by" ("Text von Jane Doe", "Blog Beitrag von Jane Doe")
# and "editorial:" ("Redaktion: Jane Doe")
_GERMAN_BY_OPENINGS = ("Text von", "Beitrag von", "Ein Beitrag von", "Blog Beitrag von", "Redaktion:")
# Text that opens a byline: "By", "By:", "Written by", "Posted by", ... (spelled out: XPath 1.0
# has no lower-case() and translate() on every text node costs ten times as much)
_BY_OPENINGS = (
    "By ",
    "by ",
    "BY ",
    "By:",
    "by:",
    "Written by",
    "Written By",
    "Posted by",
    "Posted By",
    "Submitted by",  # Drupal's "Submitted by <name> on <date>"
    "Article by",
    "Words by",
    "Posted on",
    # ... and "written by", "posted by" in German, French, Spanish and Portuguese, Dutch (the
    # words ``_BY_TEXT`` looks for are in them)
    *(phrase[:1].upper() + phrase[1:] for phrase in _WRITTEN_BY),
    # "author:" in English, German, French, Italian, Spanish and Portuguese, in the story's
    # own lines ("<p><strong>Autorin: Jane Doe, Projektleiterin</strong></p>" under the story)
    *_LABELLED_OPENINGS,
    *_GERMAN_BY_OPENINGS,
)
# ... and in German, French, Spanish and Portuguese, and Dutch, before a space or a no-break
# space ("Par\u00a0<a>Matthieu Hy</a>"; normalize-space() leaves that one), or alone before the
# name's element
_OTHER_BY_WORDS = ("Von", "von", "Par", "par", "Por", "por", "Door", "door")
_OTHER_BY_OPENINGS = tuple(f"{word}{space}" for word in _OTHER_BY_WORDS for space in (" ", "\u00a0"))
_BY_TEXT = XPath(
    # the first predicate is cheap and rules out most text before normalize-space() runs
    "//body//text()[{}][{}]".format(
        " or ".join(f"contains(., '{word}')" for word in ("by", "By", "BY", "Aut", "Redaktion", *_OTHER_BY_WORDS)),
        " or ".join(
            [
                "$text = 'By' or $text = 'by' or $text = 'BY'",
                *(f"$text = '{word}'" for word in _OTHER_BY_WORDS),
                *(f"starts-with($text, '{opening}')" for opening in (*_BY_OPENINGS, *_OTHER_BY_OPENINGS)),
            ]
        ).replace("$text", "normalize-space(.)"),
    )
)
_BY_LINES_TRIED = 5
# ... of this many texts that open like one at most ("von" is also "from")
_BY_TEXTS_READ = 200
# a link with this many characters more than its byline holds another story's headline
_TEASER_LINK_EXTRA_CHARS = 20
# how far past a bare "By" its name may stand, behind an avatar or an icon
_BY_NAME_SIBLINGS = 3


def _by_lines(tree: HtmlElement, story: Collection[HtmlElement]) -> Iterator[str]:
    """The first "By ..." texts of the page that stand outside page furniture, wherever they
    are, with the element after a bare "By" (its name): the byline of pages that give it no
    markup of its own."""
    tried = 0
    link_chars: dict[HtmlElement, int] = {}
    for text in itertools.islice(_BY_TEXT(tree), _BY_TEXTS_READ):
        holder = text.getparent()  # the element whose text or tail ``text`` is
        element = holder.getparent() if text.is_tail else holder
        if (
            element is None
            or element.tag in ("script", "style", "title", "option", "code", "pre")
            or not _outside_page_furniture(element, story)
        ):
            continue
        raw = text.strip()
        if _in_teaser_link(element, raw, link_chars):
            continue  # another story's card, its headline and its byline in one link
        if _PREFIX.fullmatch(raw + " ") or raw in _OTHER_BY_WORDS:
            # the element after the bare "By", past any comment and any avatar
            candidates = holder.itersiblings() if text.is_tail or not len(holder) else iter(holder)
            following = next(
                (
                    node
                    for node in itertools.islice(candidates, _BY_NAME_SIBLINGS)
                    if isinstance(node.tag, str) and _LETTER.search(node.text_content())
                ),
                None,
            )
            raw = f"{raw} {_text(following)}" if following is not None else raw
        word, _, rest = raw.replace("\u00a0", " ").partition(" ")
        if word in _OTHER_BY_WORDS and not _names_follow(rest):
            continue
        # ... and after "Beitrag von" (a forum's "post by Jane in the forum ...")
        if (opening := next((o for o in _GERMAN_BY_OPENINGS if raw.startswith(o)), "")).endswith(" von") and (
            not _names_follow(raw[len(opening) :])
        ):
            continue
        yield raw
        tried += 1
        if tried == _BY_LINES_TRIED:
            return


def _in_teaser_link(element: HtmlElement, byline: str, link_chars: dict[HtmlElement, int]) -> bool:
    """Whether ``element`` is in a link that holds more than the ``byline`` (a headline: the card
    of another story), not a link to the writer's page that holds the byline alone.
    ``link_chars`` keeps each link's length once measured (a page may wrap everything in one)."""
    link = element if element.tag == "a" else next(element.iterancestors("a"), None)
    if link is None:
        return False
    if link not in link_chars:
        link_chars[link] = collapsed_length(link.text_content())
    return link_chars[link] > len(byline) + _TEASER_LINK_EXTRA_CHARS


def _name_words_only(text: str) -> bool:
    """Whether every word of ``text`` is capitalised or a name's particle ("Ursula von der Leyen";
    not "Das Magazin für Lesben")."""
    return all(not word[:1].islower() or word in _NAME_PARTICLES for word in text.split())


def _names_follow(text: str) -> bool:
    """Whether names alone open ``text``, the rest of a line after "von", "par", "por" or
    "door", which also mean "from": up to its first separator or comma, names (``_bare_name``)
    with no lower-case word but a name's particles ("Ursula von der Leyen"; not "von Kopf bis
    Fuß", "von Schreg im Forum Plauderecke")."""
    head = _LINE_SEPARATOR.split(text.strip())[0].partition(",")[0].strip()
    return _bare_name(head) is not None and all(_name_words_only(name) for name in clean_names(head))


# A paragraph that is nothing but a name in bold, first or last in the story: the byline of
# newsrooms that set it as a line of the text ("<p><strong>Jane Doe</strong></p>")
_BOLD_LINES = XPath("//body/descendant::p[count(*) = 1][strong or b]")
_BOLD_NAME_MAX_WORDS = 4


def _bold_name_lines(tree: HtmlElement, *, last_only: bool = False) -> Iterator[str]:
    """The first and the last paragraph of the story's container (the last only, with
    ``last_only``) when either is a bold name alone: two to four capitalised words, no digits,
    no sentence."""
    paragraphs = _BOLD_LINES(tree)
    if not paragraphs:
        return
    container = Counter(p.getparent() for p in tree.iter("p")).most_common(1)[0][0]
    story = [p for p in container if p.tag == "p" and (p.text_content() or "").strip()]
    if not story:
        return
    # (the first line may come after a subtitle's short lines: "…as communities cry foul")
    first = next((p for p in story[:_BOLD_NAME_FIRST_LINES] if p in paragraphs), story[0])
    if any(word_count(p.text_content()) > _SUBTITLE_MAX_WORDS for p in story[: story.index(first)]):
        first = story[0]
    for paragraph in (story[-1],) if last_only else (first, story[-1]):
        if paragraph not in paragraphs or (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
            continue
        if last_only and _text_follows(paragraph):
            continue  # a bold line before a list or a box is its heading ("More information")
        text = " ".join(paragraph.text_content().split())
        words = text.split()
        if 2 <= len(words) <= _BOLD_NAME_MAX_WORDS and not any(c.isdigit() for c in text) and text[-1:] not in ".!?:":
            yield text


# where a bold name line may stand at the story's top, and how long the lines before it may be
_BOLD_NAME_FIRST_LINES = 3
_SUBTITLE_MAX_WORDS = 15


def _text_follows(element: HtmlElement) -> bool:
    """Whether text follows ``element`` in its parent: its tail, or a later sibling's."""
    if (element.tail or "").strip():
        return True
    return any((sibling.text_content() or "").strip() for sibling in element.itersiblings())


# Chinese news pages credit the writer and the editors in a line of their own, under the story
# or the headline: "作者：张三", "记者 李四", "（责编：牛镛、岳弘彬）", "【责任编辑：王五】"
_CHINESE_CREDIT_WORDS = ("责任编辑", "责编", "作者", "记者", "编辑", "撰文")
_CHINESE_CREDIT_LINES = XPath(
    "//body/descendant::*[text()][{}]".format(
        " or ".join(f'contains(text(), "{word}")' for word in _CHINESE_CREDIT_WORDS)
    )
)
_CHINESE_CREDIT = re.compile(
    rf"^\W*(?:{'|'.join(_CHINESE_CREDIT_WORDS)})\s*[：:／/]?\s*((?:[\u4e00-\u9fff·]{{2,5}}[、，,\s]*)+?)\W*$"
)
_CHINESE_CREDIT_START = re.compile(rf"(?<![\u4e00-\u9fff])(?:{'|'.join(_CHINESE_CREDIT_WORDS)})")
_CHINESE_CREDIT_END = re.compile(r"\s*(?:来源|發布|发布|时间|時間|\d)")
_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_GLUED_REPORTER_LABEL = re.compile(r"[记記]者(?=[\u4e00-\u9fff·]{2,4})")
_CHINESE_CREDIT_MAX_CHARS = 40


def _chinese_credit_lines(tree: HtmlElement) -> Iterator[list[str]]:
    """The names of each Chinese credit line on the page ("（责编：牛镛、岳弘彬）": 牛镛, 岳弘彬)."""
    for element in _CHINESE_CREDIT_LINES(tree):
        # the line may go on with the source and the time: "作者：张三 来源：人民网 2024-04-24",
        # or open with them: "2024-05-03 10:25 来源：新华网 作者：张三"
        text = " ".join(element.text_content().split())
        # (after a space or a mark: "本报记者在现场看到" is a sentence)
        start = next((found.start() for found in _CHINESE_CREDIT_START.finditer(text)), 0)
        text = _CHINESE_CREDIT_END.split(text[start:], maxsplit=1)[0]
        if len(text) <= _CHINESE_CREDIT_MAX_CHARS and (match := _CHINESE_CREDIT.match(text)):
            # "作者： 记者王敬照": the reporter's label may stand glued to the name after the writer's
            yield list(dict.fromkeys(_CHINESE_NAME.findall(_GLUED_REPORTER_LABEL.sub("", match[1]))))


# Chinese wire copy credits its reporters in the dateline that opens the story: "新华社海口3月3日电
# （记者王小明、李华）", "〔記者王小明、李大華／台北報導〕", "記者王小明／台北報導"; the names end at a
# bracket or a slash ("中央社記者王小明台北3日電" runs the name into the place: no credit read)
_DATELINE_PARAGRAPHS = XPath('//body/descendant::p[contains(., "记者") or contains(., "記者")][position() <= 3]')
_DATELINE_CREDIT = re.compile(
    r"^(?:[^。！？]{0,30}?[（(〔【［\[][^（()）〔〕]{0,12}?|[^\W\d_]{0,4})[记記]者\s*"
    r"((?:[\u4e00-\u9fff·]{2,4}(?:\s*[、，,]\s*|\s+))*[\u4e00-\u9fff·]{2,4})\s*[）)〕】］\]／/]"
)


def _dateline_credits(tree: HtmlElement) -> Iterator[list[str]]:
    """The reporters a Chinese story's dateline credits, in one of its first paragraphs that name
    a reporter ("新华社海口3月3日电（记者王小明、李华）": 王小明, 李华)."""
    for paragraph in _DATELINE_PARAGRAPHS(tree):
        if match := _DATELINE_CREDIT.match(" ".join(paragraph.text_content().split())):
            yield list(dict.fromkeys(_CHINESE_NAME.findall(match[1])))
            return


_WRITTEN_BY_CARD_LABEL = re.compile(r"\b(?:by|author|von|par|por|door|da|di|av|af)\b", re.IGNORECASE)
# Google Scholar's tags, one per author, on journal and repository pages
# in the root's <head>, the only place libxml2's HTML parser leaves one: "//head" walked the page
_CITATION_AUTHORS = XPath(
    '/*/head/meta[@name="citation_author" or @name="dc.creator" or @name="DC.creator"]'
    # (a value some platforms set in a ``value`` attribute, as ``meta_contents`` reads it)
    "/@*[name() = 'content' or (name() = 'value' and not(../@content))]"
)


# the folders of the writers' pages a site links its authors to
_PROFILE_FOLDERS = frozenset(
    {"author", "authors", "editors", "people", "staff", "writers", "contributors", "journalist", "reporter", "autor"}
)
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")


def _profile_slug_names(value: str) -> list[str]:
    """The name a writer's profile URL spells in its last segment ("https://example.com/editors/
    jon-fingas" gives "Jon Fingas"): two or three words of letters under a writers' folder."""
    if not value.startswith(("http://", "https://")) or " " in value:
        return []
    try:
        path = urlsplit(value).path
    except ValueError:  # "http://[bad"
        return []
    segments = [segment for segment in path.lower().split("/") if segment]
    if len(segments) < 2 or segments[-2] not in _PROFILE_FOLDERS:
        return []
    words = re.split(r"[-_]", segments[-1])
    if not 2 <= len(words) <= 3 or not all(_SLUG_WORD.fullmatch(word) for word in words):
        return []
    name = " ".join(word.capitalize() for word in words)
    return [name] if looks_like_name(name) else []  # not a placeholder's page ("/author/no-author/")


def _citation_name(raw: str) -> list[str]:
    """One ``citation_author`` value: "Doe, Jane" is "Jane Doe"."""
    if raw.count(",") == 1 and " " not in raw.split(",")[0].strip():
        last, first = raw.split(",")
        raw = f"{first.strip()} {last.strip()}"
    return clean_names(raw)[:1]


def _name_key(name: str) -> str:
    return "".join(character for character in name.casefold() if character.isalnum())


def _site_name_keys(nodes: list[dict[str, Any]], meta: dict[str, str], url: str = "") -> set[str]:
    """The site's and publisher's names, compared without case, spaces or punctuation: as
    declared, as initials ("LTO" for "Legal Tribune Online"), and the host's own name
    ("vnexpress" for vnexpress.net, "ntv" for ntv.com.tr)."""
    names = [meta.get("og:site_name", ""), meta.get("application-name", "")]
    for node in nodes:
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    keys = {key for name in names if (key := _name_key(name))}
    keys |= {initials for name in names if len(initials := _initials(name)) >= 3}
    if host := _host_name(url):
        keys.add(f"{_HOST_KEY}{host}")
    return keys


def _initials(name: str) -> str:
    return "".join(word[0] for word in _name_key_words(name))


def _name_key_words(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", name.casefold())


def _host_name(url: str) -> str:
    """The name a host gives its site: the label before the public suffix, "www." and the
    like dropped ("dw" for www.dw.com, "ntv" for www.ntv.com.tr). Without a public-suffix
    list, a second-level label of two or three letters before a country code ("com.tr",
    "co.uk") is taken for part of the suffix."""
    labels = (urlsplit(url).hostname or "").casefold().split(".")
    if len(labels) < 2:
        return ""
    labels.pop()
    if len(labels) >= 2 and len(labels[-1]) <= 3 and labels[-1] in _SECOND_LEVEL_SUFFIXES:
        labels.pop()
    return _name_key(labels[-1])


_SECOND_LEVEL_SUFFIXES = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})


def _is_site_credit(name: str, site_names: set[str]) -> bool:
    """Whether ``name`` names the site rather than a person: its name, its initials, or its
    name with its address ("Example News (www.example.com)")."""
    # the site's name with its article ("Die FURCHE" at furche.at, "The Example Press")
    article, _, rest = name.strip().partition(" ")
    if rest and article.casefold() in _NAME_ARTICLES and _is_site_credit(rest, site_names):
        return True
    key = _name_key(name)
    words = _name_key_words(name)
    # one word that is the host's name is a brand ("L-MAG" at l-mag.de); two ("Jane Doe" at
    # janedoe.com) are its owner
    if key in site_names or (" " not in name.strip() and _names_host(name, site_names)):
        return True
    # the site's desk: "Aidoc Staff", "Example News Team", "Example Redaktion"
    if len(words) >= 2 and (desk := _DESK_WORDS.search(name)):
        site = name[: desk.start()]
        return _name_key(site) in site_names or _names_host(site, site_names)
    if not _WWW_IN_NAME.search(name):
        return False
    return any(len(word) >= 2 and (word in site_names or f"{_HOST_KEY}{word}" in site_names) for word in words)


_NAME_ARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el", "il", "lo", "de", "het"})


def _names_host(name: str, site_names: set[str]) -> bool:
    """Whether ``name`` is the host's name among ``site_names``, as the host spells it
    ("Clarín" at clarin.com, "Børsen" at borsen.dk)."""
    return any(f"{_HOST_KEY}{_name_key(spelled)}" in site_names for spelled in (name, *host_spellings(name)))


_DESK_WORDS = re.compile(
    r"[\s-]+(?:(?:editorial|news|content)\s+)?(?:staff|team|editors|editorial|desk|newsroom|redaktion|rédaction|redacción|"
    r"redazione|redactie|redaksjonen|redaktionen)$",
    re.IGNORECASE,
)
# the host's name among the site's names, kept apart: a person may own the host of that name
_HOST_KEY = "host:"
_WWW_IN_NAME = re.compile(r"\(?\bwww\.|\.(?:com|org|net|de|fr|uk)\b", re.IGNORECASE)


def _has_publisher(nodes: list[dict[str, Any]]) -> bool:
    # a personal site names its owner as author and site, and rarely a publisher
    return any(node.get("publisher") for node in nodes)


# a news agency's code after a byline's names ("dpa", "afp", "kna")
_AGENCY_CODE = re.compile(r"[a-z]{2,4}")


def _capitalised(names: list[str], min_words: int = 1) -> bool:
    """Whether unmarked text reads as names: each one's first and last words capitalised
    ("Jane Doe", "3i Global"), not a phrase ("by clicking here")."""
    return bool(names) and all(
        len(words := name.split()) >= min_words and not words[0][:1].islower() and not words[-1][:1].islower()
        for name in names
    )


def page_authors(
    tree: HtmlElement, article_nodes: Iterable[dict[str, Any]], meta: dict[str, str], url: str = ""
) -> list[str]:
    """The page's authors, from the first source that gives any clean name: JSON-LD persons,
    scholarly ``citation_author`` tags, ``<meta>`` authors, the visible byline, a "By ..." line
    under the headline or anywhere, a ``<meta>`` account handle, then organisations (the site's
    own name given as the author of a structured source counts as one).

    A first name alone ("Brett") or initials ("NB", an avatar's) are completed from a later
    source that names the same person in full ("Brett Larkin", "Nicole Burke"), and a name
    written last name first ("Gillman, Steve", which the comma splits in two) is read as a later
    source writes it ("Steve Gillman"). At most ``_MAX_AUTHORS`` (100) names, the first."""
    return _page_authors(list(article_nodes), tree, meta, url)[:_MAX_AUTHORS]


def _page_authors(nodes: list[dict[str, Any]], tree: HtmlElement, meta: dict[str, str], url: str) -> list[str]:
    site_names = _site_name_keys(nodes, meta, url)
    sources = _author_sources(tree, nodes, meta, site_names, url)
    names = next(sources, [])
    if names and _shown_as_editor(tree, names):
        # the metadata's "author" is the one the page credits as the editor ("Penulis: Budi
        # Santoso | Editor: Siti Aminah"): a source that names someone else names the writer
        names = next((later for later in sources if set(later) != set(names)), names)
    if names and (writers := _writers_beside_site_credit(tree, names, site_names)):
        return writers
    if 1 < len(names) <= _MAX_CONTRIBUTORS_CHECKED:
        names = _without_other_contributors(tree, names)
    if names and all(_account_name(name) for name in names):
        # a publishing account ("KatieS", "editor_2"), where the page names the writer in full
        later_sources = itertools.islice(sources, _SOURCES_TO_COMPLETE)
        return next((later for later in later_sources if _capitalised(later, min_words=2)), names)
    if names and any(_partial_name(name) for name in names):
        for later in itertools.islice(sources, _SOURCES_TO_COMPLETE):
            if completed := _name_turned(names, later) or _completed(names, later):
                return completed
    return names


_BARE_BY = re.compile(r"by\b", re.IGNORECASE)


# the elements whose own text is exactly one name
_ELEMENTS_NAMED = XPath("//body/descendant::*[normalize-space(text()) = $name]")


def _shown_as_editor(tree: HtmlElement, names: list[str]) -> bool:
    """Whether the page shows the one name of ``names``, wherever it shows it, right after an
    editor's label ("Editor : <a>Siti Aminah</a>")."""
    if len(names) != 1:
        return False
    return _shown_only_after(_ELEMENTS_NAMED(tree, name=names[0])[:_MAX_GROUPED_LINKS], _EDITOR_CREDIT, 20)


# the elements whose own text opens with a name ("Paul Warren for Amika")
_ELEMENTS_OPENING_WITH = XPath("//body/descendant::*[starts-with(normalize-space(text()), $name)]")
# the credit of a contributor who wrote nothing, just before the name: a photographer's, a
# stylist's, a model's, an illustrator's ("Photographed by <span>Jane Doe</span>")
_CONTRIBUTOR_CREDIT = re.compile(
    r"(?:(?:photo(?:graph)?(?:ed|y|s)?|pictures?|styl(?:ed|ing)|modell?ed|illustrat(?:ed|ions?)|hair|make-?up|nails|"
    r"set\s+design|videos?|filmed|produced|art\s+direction)\s+by|"
    r"(?:photos?|fotos?|photography|styling|illustrations?|hair|make-?up)\s*:)\s*$",
    re.IGNORECASE,
)


# the longest list of credits whose names are each looked for on the page (each look walks it)
_MAX_CONTRIBUTORS_CHECKED = 12


def _without_other_contributors(tree: HtmlElement, names: list[str]) -> list[str]:
    """``names`` (the metadata's list of credits) without those the page shows only as another
    contributor's: "written by Connie Wang; Photographed by Sharokh Mirzai" in a list that gives
    both; all of ``names`` where that would leave none."""
    writers = [name for name in names if not _shown_as_contributor(tree, name)]
    return writers or names


def _shown_as_contributor(tree: HtmlElement, name: str) -> bool:
    """Whether the page shows ``name`` (opening an element's own text), and everywhere right after
    a credit for pictures, styling or modelling (``_CONTRIBUTOR_CREDIT``)."""
    return _shown_only_after(_ELEMENTS_OPENING_WITH(tree, name=name)[:_MAX_GROUPED_LINKS], _CONTRIBUTOR_CREDIT, 30)


def _writers_beside_site_credit(tree: HtmlElement, names: list[str], site_names: set[str]) -> list[str] | None:
    """Where the byline ``names`` only the site (the account that posted: "By Lesotho Times"),
    the writers that a line in the story credits: "Written by: Jane Doe", a name in bold alone
    at the story's top or end; None where no such line names people."""
    if not all(_is_site_credit(name, site_names) for name in names):
        return None
    # (a bare "By" line elsewhere is as often another story's teaser, or a sentence's "by")
    story = headline_holders(tree)
    credit_lines = (raw for raw in _by_lines(tree, story) if not _BARE_BY.match(raw))
    for raw in itertools.chain(credit_lines, _bold_name_lines(tree)):
        found = clean_names(raw)
        if _capitalised(found, min_words=2) and not any(_is_site_credit(name, site_names) for name in found):
            return found
    return None


def _name_turned(names: list[str], later: list[str]) -> list[str] | None:
    """The one name of ``later`` that has the two words of ``names`` in the other order, or None."""
    if len(names) != 2 or not all(_partial_name(name) for name in names):
        return None
    turned = f"{names[1]} {names[0]}".casefold()
    return next(([other] for other in later if other.casefold() == turned), None)


# one word that reads as an account's name, not a person's or a brand's ("HomeAdvisor"): a first
# name and an initial run together ("KatieS", "johnD"), or a word with a digit or an underscore
_ACCOUNT_NAME = re.compile(r"[A-Za-z][a-z]+[A-Z]|(?=\S*[a-z])\S*[\d_]\S*")


def _account_name(name: str) -> bool:
    return bool(_ACCOUNT_NAME.fullmatch(name))


# how many later sources may complete a first name or initials
_SOURCES_TO_COMPLETE = 6


def _partial_name(name: str) -> bool:
    """A first name alone or a person's initials: one word, capitalised or 2 to 3 capitals."""
    return " " not in name and name[:1].isupper() and (not name.isupper() or 2 <= len(name) <= 3)


def _completed(names: list[str], later: list[str]) -> list[str] | None:
    """``names`` with each first name or initials replaced by the full name in ``later`` it
    begins or abbreviates; None when ``later`` completes none."""
    completed, changed = [], False
    for name in names:
        full = next(
            (
                other
                for other in later
                if len(words := other.split()) >= 2
                and all(word[:1].isupper() for word in words)  # a name, not "Facet helps people"
                and _partial_name(name)
                and (words[0].casefold() == name.casefold() or (name.isupper() and _initials(other) == name.casefold()))
            ),
            None,
        )
        completed.append(full or name)
        changed = changed or full is not None
    return completed if changed else None


def _shown_on_page(tree: HtmlElement, names: list[str]) -> bool:
    """Whether the page's visible text (not its scripts' data) shows any of ``names`` (a page
    without a body may)."""
    if tree.find("body") is None:
        return True
    text = " ".join(" ".join(VISIBLE_TEXT(tree)).split()).casefold()
    return any(name.casefold() in text for name in names)


def _before_outlet(names: list[str], site_names: set[str]) -> list[str]:
    """``names`` up to the site's own name after a writer's: "By Nada Tawfik, BBC News, New York"
    gives the writer, then the outlet she writes for and her place."""
    cut = next((i for i, name in enumerate(names[1:], 1) if _is_site_credit(name, site_names)), len(names))
    return names[:cut]


def _author_sources(
    tree: HtmlElement, nodes: list[dict[str, Any]], meta: dict[str, str], site_names: set[str], url: str = ""
) -> Iterator[list[str]]:
    """The names each source of the page gives, most trusted first; empty ones left out.
    ``site_names``: ``_site_name_keys`` of the page; ``url`` its address."""
    organisations: list[str] = []
    unshown_card: list[str] = []

    def people(names: list[str], site_names: set[str] = site_names) -> list[str]:
        # the site's own name given as a person ("Cleveland Clinic", "USA TODAY") is a
        # publisher's credit: a byline on the page may still name the writer
        persons = [name for name in dict.fromkeys(names) if not _is_site_credit(name, site_names)]
        kept = set(persons)
        organisations.extend(name for name in names if name not in kept)
        return persons

    json_ld_site_names = site_names if _has_publisher(nodes) else set()
    for node in nodes:
        raws = itertools.islice(_json_ld_names(node.get("author"), organisations=False), _MAX_AUTHORS)
        names = _before_outlet([name for raw in raws for name in clean_names(raw)], site_names)
        if names := people(names, json_ld_site_names):
            yield names
    if ids := {node_id for node in nodes for node_id in _referenced_ids(node.get("author"))}:
        raws = itertools.islice(_names_by_id(tree, ids), _MAX_AUTHORS)
        if names := people([name for raw in raws for name in clean_names(raw)], json_ld_site_names):
            yield names
    if names := [name for raw in _CITATION_AUTHORS(tree)[:_MAX_AUTHORS] for name in _citation_name(raw)]:
        yield list(dict.fromkeys(names))
    # Yoast SEO's Twitter card says who wrote the post: label1 "Written by", data1 the name
    if _WRITTEN_BY_CARD_LABEL.search(meta.get("twitter:label1", "")) and (
        names := people(clean_names(meta.get("twitter:data1")))
    ):
        # ... its account, that is: an editor who posts a contributor's piece is named nowhere
        # on the page, where the byline names the contributor; such a card comes after the byline
        if _shown_on_page(tree, names):
            yield names
        else:
            unshown_card = names
    # ... and in the form of headless sites that render Yoast's fields as tags of their own
    if names := people(clean_names(meta.get("twitter:misc:written by"))):
        yield names
    for key in AUTHOR_META:
        value = meta.get(key, "")
        # the site's name and the writer's, parted: "unocero - Alberto Ávila"
        parts = _LINE_SEPARATOR.split(value.strip())
        if len(parts) == 2 and (site_part := [_is_site_credit(part, site_names) for part in parts]).count(True) == 1:
            # ... not the site's name and its motto ("L-MAG – Das Magazin für Lesben")
            other = parts[site_part.index(False)]
            value = other if _name_words_only(other) else parts[site_part.index(True)]
        if " " not in value.strip() and value.islower():
            continue  # a single lower-case token is an account handle ("kffjdoe"), not a byline
        if _is_site_credit(value, site_names):
            organisations.extend(clean_names(value))  # "Example News (www.example.com)"
            continue
        if names := people(clean_names(value)):
            yield names
    story = headline_holders(tree)
    for raw in _byline_elements(tree, story, url):
        if names := _before_outlet(clean_names(raw), site_names):
            yield names
    for raw in _line_under_headline(tree, story):
        # unmarked text is only a byline when it reads as capitalised names ("By Jane Doe")
        if _capitalised(names := _before_outlet(clean_names(raw), site_names)):
            yield names
    for raw in _by_lines(tree, story):
        # far from the headline, one capitalised word is more often a filter ("By Category"),
        # unless a full name comes with it ("Von Jan Lukas Strozyk und Benedikt Strunz, NDR")
        # ... and an agency's code may follow the names in lower case ("Von Jane Doe, dpa")
        names = _before_outlet(clean_names(raw), site_names)
        writers = [name for name in names if not _AGENCY_CODE.fullmatch(name)]
        if _capitalised(writers) and any(len(name.split()) >= 2 for name in writers):
            yield names
    yield from _chinese_credit_lines(tree)
    yield from _dateline_credits(tree)
    # where the metadata credits the site or an organisation, a bold name line in the story
    # names the writer; elsewhere a bold line is as often a heading ("Key Takeaways")
    credited = organisations or any(list(_json_ld_names(node.get("author"), organisations=True)) for node in nodes)
    for raw in _bold_name_lines(tree, last_only=not credited):
        if _capitalised(names := clean_names(raw), min_words=2):
            yield names
    if unshown_card:
        yield unshown_card
    # an account handle ("jdoe", "site_admin") names the author when nothing better does
    handle = meta.get("author", "").strip()
    # "jdoe", "sara.r.peter"; not "page.head.author", a template's placeholder left unfilled
    if (
        handle
        and len(handle) <= _MAX_NAME_CHARS  # (a hostile page's megabyte of letters is not searched)
        and " " not in handle
        and "/" not in handle
        and "@" not in handle
        and not _EMAIL.search(handle)
        and _LETTER.search(handle)
        and not any(piece in _NOT_NAMES or piece in _ACCOUNT_ROLES for piece in handle.casefold().split("."))
    ):
        yield [handle]
    # the writer's profile page that Open Graph gives for the author ("/editors/jon-fingas"), or
    # JSON-LD in place of a name
    if names := _profile_slug_names(meta.get("article:author", "")):
        yield names
    for node in nodes:
        urls = itertools.islice(_author_page_urls(node.get("author")), _MAX_AUTHORS)
        if names := list(dict.fromkeys(name for url in urls for name in _profile_slug_names(url))):
            yield names
    if organisations:
        yield list(dict.fromkeys(organisations))
    for node in nodes:
        raws = itertools.islice(_json_ld_names(node.get("author"), organisations=True), _MAX_AUTHORS)
        if names := [name for raw in raws for name in clean_names(raw)]:
            yield list(dict.fromkeys(names))
