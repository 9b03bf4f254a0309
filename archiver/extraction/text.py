"""The article's text: trafilatura's main-text extraction, with a second opinion where its fast
pass looks wrong, rendered one paragraph per block, without the standfirst, the date lines and
the calls to action that CMS widgets leave around the story. Pure logic; no Scrapy."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from copy import copy, deepcopy
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.extraction.bylines import clean_names
from archiver.extraction.dates import without_dates
from archiver.extraction.datewords import MONTH_NAME, WEEKDAY_NAME
from archiver.extraction.detection import VisibleText
from archiver.extraction.hydration import rendered_story
from archiver.extraction.trafilatura_shim import BODY_XPATH, Document, Extractor, bare_extraction, xmltotxt
from archiver.extraction.words import collapsed_length, ends_like_sentence, word_count

# Calls to action (newsletters, comments, sharing) and notices that CMS widgets put after the last
# paragraph, inside the article container.
_TRAILING_BOILERPLATE = re.compile(
    r"\b(follow us( on)?|like us on|share (this|on)|short ?link|leave a (comment|reply)|post (a )?comment|"
    r"comments?$|sign up|subscribe|newsletter|inbox|(related|recommended) (posts|articles|stories)|"
    r"read more:?$|all rights reserved|copyright|click here|you (?:may|might) also like|filed under|"
    r"tell us what you think|share it with|join the conversation|commenting|comment policy|"
    r"comment on this (?:article|story)|get in touch|story to tell|for more stories like this|"
    # credits for the reporting, which the record's authors field does not hold
    r"contributed (?:to )?(?:this )?report(?:ing)?|additional reporting|with reporting by|with files from|"
    # the same in German, French, Spanish and Portuguese, Italian, Dutch
    r"abonnieren|kommentar abgeben|kommentare?$|teilen$|mehr zum thema|lesen sie (auch|mehr)|"
    r"fehler gefunden|ihre meinung ist uns wichtig|kommentar abzugeben|passend zum artikel|ähnliche artikel|"
    r"mehr themen|mit agenturmaterial|aus dem englischen|netiquette|ihren kommentar|"
    r"wie hat ihnen (dieser|der) artikel gefallen|alle rechte vorbehalten|"
    r"abonnez-vous|s'abonner|lire aussi|partager$|commentaires?$|tous droits réservés|suivez-nous|"
    r"suscr[ií]bete|suscripci[oó]n|comparte|lee también|leia também|compartilhe|todos los derechos reservados|"
    r"s[ií]guenos|siga-nos|"
    r"iscriviti|iscriversi|leggi anche|condividi|tutti i diritti riservati|riproduzione riservata|seguici|"
    # push notifications, a log-in to comment, the Trust Project's badge, in any of them
    r"push ?notifications|pushmeldingen|pushberichten|notificaciones push|notifiche push|log in to comment|"
    r"trust project|"
    r"abonneer|lees ook|deel dit|reacties?$|volg ons|folgen sie uns|"
    # the Scandinavian languages, Polish and Turkish
    r"følg oss|följ oss|følg os|abonner|prenumerera|kommentarer$|alle rettigheter forbeholdt|"
    r"alla rättigheter förbehållna|alle rettigheder forbeholdes|del artikkelen|dela artikeln|"
    r"obserwuj nas|udostępnij|wszelkie prawa zastrzeżone|komentarze$|zaloguj się|zapisz się|na twoją skrzynkę|"
    r"bizi takip edin|paylaş$|tüm hakları saklıdır|yorumlar$|"
    # Russian, Ukrainian, Greek, Romanian, Hungarian, Czech, Croatian, Finnish, Indonesian and
    # Malay, Vietnamese
    r"все права защищены|подписывайтесь|всі права захищені|підписуйтесь|ακολουθήστε μας|"
    r"με επιφύλαξη παντός δικαιώματος|toate drepturile rezervate|minden jog fenntartva|kövess minket|"
    r"všechna práva vyhrazena|sledujte nás|sva prava pridržana|pratite nas|kaikki oikeudet pidätetään|"
    r"seuraa meitä|hak cipta dilindungi|ikuti kami|bản quyền thuộc về|theo dõi chúng tôi)\b|"
    # the heading of the comments with their count: "Comments (12)", "Kommentare (12)"
    r"^\W*(?:comments?|kommentare?|commentaires?|comentarios|comentários|commenti|reacties|kommentarer|"
    r"komentarze|komentáře|yorumlar|комментарии|коментарі)\s*\(\d+\)$",
    re.IGNORECASE,
)
# A line above the story that gives its reading time: "Lesedauer: 4 Minuten", "5 min read",
# "3 min lesetid", "Czas czytania: 5 min", "4 dk okuma", "Время чтения: 5 минут", "Waktu baca:
# 3 menit", "เวลาอ่าน 3 นาที"
_READING_TIME = re.compile(
    r"^(?:(?:reading time|read time|lesedauer|lesezeit|temps de lecture|tiempo de lectura|tempo di lettura|"
    r"tempo de leitura|leestijd|lesetid|lästid|læsetid|czas czytania|okuma süresi|lukuaika|doba čtení|"
    r"время чтения|час читання|χρόνος ανάγνωσης|timp de citire|olvasási idő|waktu baca|thời gian đọc|"
    r"وقت القراءة|पढ़ने का समय|เวลาอ่าน)\b\W*\d+\s*\S*"
    r"|\d+\s*(?:min(?:ute)?s?|minuten|minutter|minuter|dk)\.?\s*(?:read|lesen|lesezeit|de lecture|"
    r"de lectura|di lettura|de leitura|leestijd|lesetid|lästid|läsning|læsetid|lesing|czytania|okuma(?: süresi)?))\.?$",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 25
# A main text shorter than this may be a client-rendered page's, whose story its scripts hold
_RENDERED_MIN_CHARS = 200
# The same in Chinese, Japanese and Korean, whose words no \b parts: members-only and paywall
# notices ("この記事は会員限定です"), copyright and reprint lines, "related keywords"; and in
# Arabic, Hindi and Thai, whose words may end with a combining mark, which \b takes for no
# part of a word: "all rights reserved", "follow us", "subscribe"
_SCRIPT_TRAILING_BOILERPLATE = re.compile(
    "会員限定|有料会員|会員登録|有料記事|購読(?:する|の?お?申し?込み)|無断転載|転載禁止|関連キーワード|おすすめ情報|"
    "版权所有|禁止转载|不得转载|(?:点击|欢迎)订阅|무단\\s*전재|재배포\\s*금지|구독(?:하기|\\s*신청)|저작권자|"
    "جميع الحقوق محفوظة|تابعونا|تابعنا على|اشترك في نشرتنا|सर्वाधिकार सुरक्षित|हमें फॉलो करें|सब्सक्राइब करें|"
    "สงวนลิขสิทธิ์|ติดตามเรา"
)
_SCRIPT_BOILERPLATE_MAX_CHARS = 80
# A paywall's notice: the rest of the story is for subscribers or members (in English, French,
# German, Spanish, Italian, Portuguese, Dutch, the Scandinavian languages, Polish, Czech,
# Russian, Ukrainian, Turkish, Indonesian, Arabic, Japanese, Korean and Chinese)
_PAYWALL_NOTICE = re.compile(
    r"\b(?:to continue reading|subscribe to (?:read|continue)|already a subscriber|subscribers only|"
    r"(?:available|reserved|exclusive) (?:to|for) (?:subscribers|members)|members only|"
    r"il vous reste \d+(?:[.,]\d+)?\s?% de cet article|réservée? aux abonnés|"
    r"nur für abonnenten|exklusiv für abonnenten|weiterlesen mit|"
    r"para seguir leyendo|exclusivo para suscriptores|riservato agli abbonati|per continuare a leggere|"
    r"exclusivo para assinantes|para continuar lendo|alleen voor abonnees|kun for abonnenter|"
    r"endast för prenumeranter|tylko dla (?:prenumeratorów|subskrybentów)|pouze pro předplatitele|"
    r"только для подписчиков|лише для передплатників|abonelere özel|khusus pelanggan|للمشتركين فقط)"
    r"|会員限定|有料会員|続きを読むには|유료\s?회원|구독자\s?전용|付费阅读|会员专享",
    re.IGNORECASE,
)
_PAYWALL_PARAGRAPHS = 6
_PAYWALL_MAX_WORDS = 60
# A line that links another story from inside this one: "Read also: ...", "READ MORE: ...", in
# English, German, French, Spanish, Portuguese, Italian, Dutch, the Scandinavian languages,
# Finnish, Polish, Czech, Russian, Turkish, Ukrainian, Greek (in capitals too, which drop the
# accents), Romanian, Croatian, Indonesian and Malay, Vietnamese, Arabic, Persian, Hebrew, Hindi,
# Thai, Chinese and Japanese
_READ_ALSO = re.compile(
    r"^\W{0,3}(?:read (?:also|more|next)|see also|related|also read|more on this|"
    r"lesen sie (?:auch|mehr)|auch interessant|mehr zum thema|lire (?:aussi|également)|à lire aussi|voir aussi|"
    r"lee (?:también|más)|leia (?:também|mais)|veja também|leggi anche|vedi anche|lees ook|"
    r"les også|läs också|läs mer|læs også|lue myös|czytaj (?:też|także|również)|"
    r"(?:zobacz|sprawdź) (?:też|także|również)|čtěte také|přečtěte si také|"
    r"читайте также|ayrıca (?:okuyun|bakınız)|ilgili haber(?:ler)?|bunu da okuyun|читайте також|"
    r"διαβ[άα]στε (?:επ[ίι]σης|ακ[όο]μη|ακ[όο]μα)|"
    r"cite[șs]te [șs]i|pročitajte (?:i|još)|baca juga|xem thêm|đọc thêm|اقرأ (?:أيضا|أيضًا|ايضا)|"
    r"(?:بیشتر|همچنین) بخوانید|קראו גם|"
    r"यह भी पढ़ें|อ่านเพิ่มเติม|อ่านข่าวที่เกี่ยวข้อง|延伸阅读|延伸閱讀|相关阅读|相關閱讀|推荐阅读|推薦閱讀|"
    r"相关新闻|相關新聞|相关报道|相關報導|関連記事|あわせて読みたい)\s*[:：»>|–—-]",
    re.IGNORECASE,
)
_READ_ALSO_MAX_WORDS = 30
# A cookie banner's or an embed's consent notice, or a sign-up form's terms, that the page sets in
# or after the story: "We use cookies on our website ...", "Manage consent", "By entering your
# email address you agree ...", and in German "Ich bin damit einverstanden, dass mir der externe
# Inhalt angezeigt wird", "Ein Klick für den Datenschutz", "Link zum YouTube-Inhalt"
_CONSENT_NOTICE = re.compile(
    r"\b(?:we use cookies|(?:site|website) uses cookies|manage consent|by entering your email|"
    r"externe[nr]? inhalt|ein klick für den datenschutz|link zum youtube-inhalt)",
    re.IGNORECASE,
)
_CONSENT_NOTICE_MAX_WORDS = 60
# A line of the page's furniture set between or after the story's paragraphs: an advertisement's
# label (in English, German, French, Spanish, Italian, Dutch, the Scandinavian languages, Finnish,
# Polish, Czech, Croatian, Russian, Ukrainian, Turkish, Greek, Romanian, Hungarian, Indonesian,
# Vietnamese, Arabic, Hindi and Thai),
# "Story continues below advertisement", "Back to top", "End of article", a table of contents'
# heading ("Table of Contents", "On this page", "Inhaltsverzeichnis"), the heading of a box of
# links to other stories ("Related articles", "Más información"), "Skip to content",
# "Back to blog", "Share this post", and a label whose value the page set apart ("Written by",
# "Last updated on:", "Reading time")
_PAGE_LABEL = re.compile(
    r"\W*(?:advertisement|advertising|sponsored|anzeige|werbung|publicité|publicidad|pubblicità|advertentie|"
    r"annons|reklame|mainos|reklama|oglas|реклама|reklam|διαφήμιση|publicitate|hirdetés|iklan|quảng cáo|"
    r"إعلان|विज्ञापन|โฆษณา|(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"continue reading below|back to top|end of (?:the )?(?:article|story)|"
    r"table of contents|contents|on this page|in this article|jump to|topics covered|inhaltsverzeichnis|"
    # the heading of a box of links to other stories, left when its links are dropped
    r"related (?:articles|stories|posts|content|coverage)|more on this (?:story|topic)|más información|"
    r"mehr zum thema|weitere artikel|sur le même sujet|"
    r"sommaire|skip to (?:main )?content|back to (?:blogs?|news|articles)|"
    r"share this(?: post| article| story| page)?|"
    r"(?:written|reviewed|fact[- ]checked|edited|posted) by|(?:last )?(?:updated|published|posted|modified)(?: on)?|"
    r"(?:estimated )?reading time)\W*",
    re.IGNORECASE,
)
# A picture's caption, which ends with its credit: "... Photo: Jane Doe", "(Picture credit:
# Getty)", "Bild: Max Muster", "Foto: NTB", "Fot. PAP", "Фото: ТАСС", "Φωτογραφία: Reuters",
# "Ảnh: AP", "صورة: رويترز", "عکس: ایرنا", "צילום: רויטרס", "फोटो: पीटीआई", "ภาพ: AFP", "... /Getty
# Images", "新华社记者 赵刚 摄"
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:photo|photograph|image|picture|foto|fotos|bild|bilder|credit|beeld|bilde|billede|kuva|"
    r"zdjęcie|fotoğraf|фото|fotó|φωτογραφία|ảnh|صورة|تصوير|عکس|צילום|फोटो|ภาพ"
    r")s?(?: by)?[ \t]*:[ \t]*[^.!?:\n]{2,60}|\bfot\.[ \t]+[^.!?:\n]{2,60}"
    r"|\((?:photo|image|picture|foto|bild)s?(?: credit| by)?:?[^)\n]{0,60}\)"
    r"|/[ \t]*(?:getty images|reuters|ap photo|afp|dpa|epa|imago|shutterstock|anp|ntb|ritzau|ansa|efe|"
    r"keystone|picture alliance)[^.\n]{0,20}"
    # Chinese and Japanese: "新华社记者 赵刚 摄", "（記者李大華攝）", "（写真：共同）", "图/新华社"
    r"|[\s（(][^\s（()）]{1,12}\s?[摄攝][)）]?|(?:^|[\s（(])(?:写真|图片|圖片|图|圖|照片)\s*[:：/／]\s*[^\n]{1,30}[)）]?)\Z",
    re.IGNORECASE,
)
_CAPTION_MAX_WORDS = 40
# A teaser for another page: its summary, then the link to it ("... in the council. more",
# "...\nRead More", "Lire la suite")
_MORE_LINK = re.compile(
    r"[.!?…\"”»]\s+(?:mehr|weiterlesen|(?:read|learn|see) more|more|lire la suite|en savoir plus|leer más|"
    r"leia mais|continua a leggere|lees verder|les mer|läs mer|læs mere|czytaj dalej|devamını oku)\s*[»›❯→>]?\Z",
    re.IGNORECASE,
)
_MORE_TEASER_MAX_WORDS = 60
# A paragraph that only says when the story was published or updated ("October 12, 2017",
# "Updated: Tue., Nov. 19, 2019 08:38 AM"): the record has a date field for that.
_DAY_NAMES = f"{MONTH_NAME}|{WEEKDAY_NAME}"
_HAS_DATE = re.compile(
    rf"\b(?:{_DAY_NAMES})\b.*\d|\d.*\b(?:{_DAY_NAMES})\b|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b", re.IGNORECASE
)
_DATE_STAMP_WORDS = re.compile(
    rf"\b(?:{_DAY_NAMES}|\d+(?:st|nd|rd|th)?|am|pm|a\.m|p\.m|gmt|utc|est|edt|pst|pdt|"
    r"updated?|published|posted|last|on|at|modified|date|hours?|minutes?|ago|"
    # the same in German, French, Spanish and Portuguese, Italian, Dutch and the Scandinavian
    # languages ("Veröffentlicht am 3. Mai 2024 um 10:30 Uhr", "Stand: 22.04.2024"), with
    # their weekdays ...
    r"veröffentlicht|aktualisiert|zuletzt|stand|uhr|um|publié|mis|jour|le|à|publicado|actualizado|"
    r"atualizado|el|a las|às|de|del|pubblicato|aggiornato|il|alle|ore|gepubliceerd|bijgewerkt|op|om|"
    r"publisert|oppdatert|publicerad|uppdaterad|udgivet|opdateret|kl|klokken|den|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"(?:segunda|terça|quarta|quinta|sexta)-feira|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
    r"domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|mandag|tirsdag|onsdag|"
    r"torsdag|fredag|lørdag|søndag|måndag|tisdag|lördag|söndag|"
    # ... in Romanian, Russian and Ukrainian, Indonesian and Malay (with their time zones),
    # Vietnamese (with its weekdays, "thứ năm"), Arabic and
    r"publicat|actualizat|la|ora|опубликовано|обновлено|опубліковано|оновлено|diterbitkan|diperbarui|"
    r"pukul|wib|wita|wit|cập nhật|đăng|lúc|ngày|thứ|hai|ba|tư|năm|sáu|bảy|chủ nhật|نشر|في|بتاريخ|آخر|تحديث|"
    # Turkish ("Oluşturulma Tarihi: 03 Mart 2025 14:05", "Son Güncelleme: ..."), Persian
    # ("تاریخ انتشار: ۱۳ اسفند ۱۴۰۳", "آخرین به‌روزرسانی", the weekdays) and
    r"oluşturulma|güncellenme|güncelleme|yayınlanma|yayın|tarihi|son|"
    r"تاریخ|انتشار|منتشر|شده|ساعت|آخرین|به|روزرسانی|بروزرسانی|شنبه|یکشنبه|دوشنبه|سه|چهارشنبه|پنجشنبه|جمعه|"
    # Korean, whose date lines give both ("입력 2024.05.01 10:00 수정 2024.05.01 11:20")
    r"(?:기사)?입력|(?:기사|최종)?수정|승인|등록|업데이트|게재|발행|송고)\b",
    re.IGNORECASE,
)
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
# what parts a date from a reading time in a line: "May 2, 2024 · 5 min read", "... // 8 min read"
_STAMP_SEPARATOR = re.compile(r"\s+(?://|[·•|–—])\s+|·\s*")
_DATE_STAMP_MAX_CHARS = 100
_DATE_LINE_LABEL_WORDS = 5
_LEADING_PARAGRAPHS = 3  # where a date line or a byline sits above the story
_TRAILING_BYLINE_PARAGRAPHS = 2  # and where a byline sits under it
_BYLINE_MAX_WORDS = 15
# where the writer's bio sits at the end of the story, and how long it is at most
_BIO_PARAGRAPHS = 3
_BIO_MAX_WORDS = 80

# trafilatura's options: the fast pass, and the full cascade for a second opinion. The fast pass
# favours recall: on its own it keeps the sections, lists and tables that the balanced rules cut
# from long guides and reviews, and on the dev corpora it ran faster than the balanced pass.
# Output format "txt": bare_extraction then leaves the output tree alone, where "python" would
# also render all of it as one text, which paragraphs_text does its own way anyway.
_FAST_EXTRACTOR = Extractor(output_format="txt", fast=True, recall=True, comments=False)
_FULL_EXTRACTOR = Extractor(output_format="txt", fast=False, comments=False)
# An extracted text under this share of the page's visible text looks like a teaser or a
# caption; over _DUMP_SHARE, longer than _DUMP_MIN_CHARS and in one or two blocks, like the
# whole page dumped.
_SMALL_SHARE = 0.15
_DUMP_SHARE = 0.9
_DUMP_MIN_CHARS = 2000
# A list of this many links or more, all of its items or all but one (this share at least) the
# text of a link to another page of the site, is a list of links
_LINK_LIST_MIN_ITEMS = 3
_LINK_LIST_SHARE = 0.75
# After the story, a run of headings and short lines with this many links to other pages of the
# site or more, and this share of its blocks at least, is teasers and menus, not the story
_TEASER_MIN_LINKS = 2
_TEASER_LINK_SHARE = 0.3
_TEASER_MAX_WORDS = 20
# the words around a link's text in a teaser (its time, its section) that are looked past, at most
_TEASER_EXTRA_WORDS = 3
_TIME_WORD = re.compile(r"[\d:./-]+$")
# The elements with a class or an id, whose names are tested in Python: a pattern is cheaper
# than an XPath test per name (and a union of attribute axes costs the square of their number)
_NAMED = XPath("//*[@class or @id]")
# Blocks named teasers or related stories, the markup of links to other stories (trafilatura
# prunes them where it does not favour recall); those whose links hold this share of their
# text at least
_TEASER_NAME = re.compile("teaser|related")
_TEASER_TAGS = frozenset({"div", "section", "aside", "p", "span", "ul", "ol"})
_TEASER_BLOCK_LINK_SHARE = 0.2
# An <article> this short, without the headline, is another story's card when its links hold as
# much of its text
_TEASER_CARD_MAX_WORDS = 100
# Boxes named for a newsletter, a subscription or a donation, and at most this long, are calls to
# action
_CALL_TO_ACTION_NAME = re.compile("newsletter|subscri|donat")
_CALL_TO_ACTION_TAGS = frozenset({"div", "section", "aside", "form"})
# (a donation appeal makes its case at more length)
_CALL_TO_ACTION_MAX_WORDS = {"newsletter": 80, "subscri": 80, "donat": 200}
# the links whose text holds a list item that are looked at, at most
_LINK_TEXT_TRIES = 20
# The blocks whose following text trafilatura's recall pass may drop (with_loose_text_wrapped),
# and the inline elements that carry such text on
_BLOCK_TAGS = (
    *("div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "blockquote"),
    *("table", "ul", "ol", "dl", "figure", "form", "fieldset", "details", "address", "pre"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
)
# ... and the sectioning elements whose opening text before a line break both passes drop
_SECTIONING_TAGS = ("article", "section", "header", "main")
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "big", "cite", "code", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp", "small"}
    | {"span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var"}
)
# Stand-ins for the zero-width non-joiner and joiner while trafilatura reads the page: symbols of
# the Supplemental Arrows-C block, printable and used in no language
_STAND_INS = {"\u200c": "\U0001f8b0", "\u200d": "\U0001f8b1"}
_JOINERS_HELD = str.maketrans(_STAND_INS)
_JOINERS_BACK = str.maketrans({held: joiner for joiner, held in _STAND_INS.items()})
_JOINER = re.compile("(?<=\\S)[\u200c\u200d](?=\\S)")
_HAS_JOINER = XPath("boolean(//text()[{}])".format(" or ".join(f"contains(., '{c}')" for c in _STAND_INS)))
_HAS_STAND_IN = XPath("boolean(//text()[{}])".format(" or ".join(f"contains(., '{c}')" for c in _STAND_INS.values())))
# A first paragraph longer than this is no headline
_HEADLINE_MAX_CHARS = 400
# The headline may stand under page furniture that the text opens with: this many short lines at
# most, of this many words at most each
_HEADLINE_SEARCH_PARAGRAPHS = 4
_FURNITURE_MAX_WORDS = 12
_WORD_CHARACTERS = re.compile(r"[^\W_]+")
# A heading this long under the headline is a standfirst, not a section title ("Background").
_STANDFIRST_MIN_WORDS = 10


# A page too large to read: trafilatura's time grows faster than the page's texts. Its first test of
# a block (the XPath "//p//text()") grows with the square of the texts in paragraphs (libxml2
# merges each paragraph's into the whole set): 0.5 s for 30,000 (links set in paragraphs), 8 s for
# 100,000, five minutes for 320,000, in one C call that no signal interrupts; and it joins the
# texts of one block piece by piece (13 s for a <div> of 50,000 links). The most among 3,871 real
# pages were 18,648 texts in all and 1,802 in paragraphs.
_MAX_TEXTS = 60_000
_MAX_PARAGRAPH_TEXTS = 20_000
_COUNT_TEXTS = XPath("count(//text())")


def too_many_texts(tree: HtmlElement) -> str | None:
    """Why the page is too large to read ("too large: 70000 texts"), or None: more than
    ``_MAX_TEXTS`` texts (a text, or the text after an element) in all, counted in C, or more
    than ``_MAX_PARAGRAPH_TEXTS`` in its ``<p>`` elements."""
    texts = int(_COUNT_TEXTS(tree))
    if texts > _MAX_TEXTS:
        return f"too large: {texts} texts"
    if texts > _MAX_PARAGRAPH_TEXTS:
        in_paragraphs = sum(1 for paragraph in tree.iter("p") for _ in paragraph.itertext())
        if in_paragraphs > _MAX_PARAGRAPH_TEXTS:
            return f"too large: {in_paragraphs} texts in paragraphs"
    return None


def main_text(tree: HtmlElement, url: str, visible: VisibleText | None) -> str:
    """The page's main text as ``paragraphs_text`` gives it ("" when none is found).

    trafilatura's fast pass first, on the page ``without_promotions``; its full cascade (which
    compares the result with readability and jusText) only as a second opinion where the first
    result looks wrong for a page with ``visible`` text (None: no second opinion), or reads the
    site's menus with the story: it costs half as much again, and where the fast result looks
    right it is the better one as often as not.
    Where the page cuts the story into blocks (``with_story_chunks_joined``), the blocks read
    as one where that gives the longer text. Where the page's markup gives next to nothing, the
    story a client-rendered page carries in its scripts (``rendered_story``).
    ``tree`` is left unchanged.
    """
    tree, joiners = with_joiners_held(with_loose_text_wrapped(with_ruby_readings(tree)))
    unpromoted = without_promotions(tree)
    text = _trafilatura_text(unpromoted, url, _FAST_EXTRACTOR)
    if visible is not None and _looks_wrong(text, visible.chars) and not _too_many_elements(tree):
        text = _trafilatura_text(tree, url, _FULL_EXTRACTOR)
    elif visible is not None and _reads_menus(text, visible.chars) and not _too_many_elements(tree):
        # the site's menus read with the story: the full cascade's reading, unless it loses the story
        second = _trafilatura_text(tree, url, _FULL_EXTRACTOR)
        if len(second) >= _MENU_SECOND_OPINION_MIN_SHARE * len(text):
            text = second
    if (joined := with_story_chunks_joined(unpromoted)) is not unpromoted:
        # the story cut into blocks: read whole where that gives more of it
        text = max(text, _trafilatura_text(joined, url, _FAST_EXTRACTOR), key=len)
    if len(text) < _RENDERED_MIN_CHARS and (story := rendered_story(tree)) is not None and not too_many_texts(story):
        # a client-rendered page: the story is in the data its scripts render (and the data may
        # be too large to read, where the page was not)
        text = max(text, _trafilatura_text(story, url, _FAST_EXTRACTOR), key=len)
    return text.translate(_JOINERS_BACK) if joiners else text


def with_story_chunks_joined(tree: HtmlElement) -> HtmlElement:
    """``tree`` with the story's body in one block where the page cuts it into several: the
    block trafilatura reads the story from (the first that ``BODY_XPATH`` finds) and the later
    blocks of its tag and class (``article__body`` between advertising rails), not nested in
    one another and in the same ``<article>``, moved into the first. trafilatura reads the first
    block only, and the story ends where the first advertisement cut it. A copy where blocks
    are joined, else ``tree`` itself."""
    found = BODY_XPATH[0](tree)  # the blocks named for a story's body ("article-body", ...)
    if not found or found[0].tag == "article" or not (names := found[0].get("class", "").strip()):
        return tree  # an <article> of the same class is another story
    first = found[0]
    story = next(first.iterancestors("article"), None)
    around = set(first.iterancestors())
    chunks = [
        element
        for element in tree.iter(first.tag)
        if element is not first
        and element not in around
        and element.get("class", "").strip() == names
        and next(element.iterancestors("article"), None) is story
        and first not in element.iterancestors()
    ]
    if not chunks or len(chunks) >= _MAX_STORY_CHUNKS:
        return tree  # many blocks of one class are a list's items, not one story's parts
    blocks = {first, *chunks}
    copied = deepcopy(tree)
    # the copy's elements in the same order as the page's: the blocks found again by position
    first, *chunks = (twin for element, twin in zip(tree.iter(), copied.iter(), strict=True) if element in blocks)
    moved = set(chunks)
    for chunk in chunks:
        if any(ancestor in moved for ancestor in chunk.iterancestors()):
            continue  # inside a block moved already
        chunk.tail = None
        first.append(chunk)
    return copied


# A story cut into blocks between advertising rails has a few; a page with this many blocks of one
# class lists items
_MAX_STORY_CHUNKS = 12

# The most elements a page may have for the second opinion: jusText, in trafilatura's full
# cascade, looks for each block's neighbours along the page, and a page of tens of thousands of
# blocks (a hostile page, an endless listing) held a worker for minutes.
_SECOND_OPINION_MAX_ELEMENTS = 8_000


def _too_many_elements(tree: HtmlElement) -> bool:
    return next(itertools.islice(tree.iter(), _SECOND_OPINION_MAX_ELEMENTS, None), None) is not None


def with_loose_text_wrapped(tree: HtmlElement) -> HtmlElement:
    """``tree`` with each run of text that follows a block (``<div>``, ``<table>``, ``<ul>``,
    a heading...) loose in its parent, or that opens a sectioning element (``<article>``,
    ``<section>``, ``<header>``, ``<main>``) before its first line break or block, with the
    inline elements that carry it on up to the next block or line break, set in a ``<p>`` of its
    own; a copy where it has any, else ``tree``.

    Pages whose story is bare text between ``<br>``s often open it after a photo's box
    (``<div><img><p>caption</p></div> The story begins...``), and trafilatura's recall pass,
    the fast one read first, drops the text after such a block (its balanced pass keeps it);
    both passes drop the text a sectioning element opens with before a ``<br>``
    (``<article>The story begins...<br><br>It goes on...</article>``)."""
    if not any(_opens_loose_text(block) for block in tree.iter(*_BLOCK_TAGS)) and not any(
        _opens_with_loose_text(section) for section in tree.iter(*_SECTIONING_TAGS)
    ):
        return tree
    tree = deepcopy(tree)
    for section in [section for section in tree.iter(*_SECTIONING_TAGS) if _opens_with_loose_text(section)]:
        paragraph = section.makeelement("p", {})
        paragraph.text, section.text = section.text, None
        while len(section) and section[0].tag in _INLINE_TAGS:
            paragraph.append(section[0])  # moves it, with its tail
        section.insert(0, paragraph)
    for block in [block for block in tree.iter(*_BLOCK_TAGS) if _opens_loose_text(block)]:
        paragraph = block.makeelement("p", {})
        paragraph.text, block.tail = block.tail, None
        while (follower := block.getnext()) is not None and follower.tag in _INLINE_TAGS:
            paragraph.append(follower)  # moves it, with its tail
        block.addnext(paragraph)
    return tree


# how many inline elements after a block are looked past for the loose text that follows them
_INLINE_BEFORE_LOOSE_TEXT = 3


def _loose_text_follows(block: HtmlElement) -> bool:
    """Whether text stands loose right after ``block``: as its tail, or as the tail of one of the
    first few inline elements after it that hold no text of their own."""
    if block.tail and block.tail.strip():
        return True
    follower = block.getnext()
    for _ in range(_INLINE_BEFORE_LOOSE_TEXT):
        if follower is None or follower.tag not in _INLINE_TAGS or (follower.text or "").strip() or len(follower):
            return False
        if follower.tail and follower.tail.strip():
            return True
        follower = follower.getnext()
    return False


def _opens_with_loose_text(section: HtmlElement) -> bool:
    """Whether a sectioning element opens with text of its own before a line break or a block."""
    return bool(section.text and section.text.strip()) and any(
        child.tag == "br" or child.tag in _BLOCK_TAGS or child.tag == "p" for child in section
    )


def _opens_loose_text(block: HtmlElement) -> bool:
    """Whether text loose after ``block`` is text that trafilatura's recall pass drops: after a
    block with text, a ``<div>`` only where it holds a block of its own (an empty one stands for
    a line break, and text after a ``<div>`` of text is kept). The text may follow an empty
    inline element first (``<div>…</div><span class="br"></span>The story goes on``)."""
    if not _loose_text_follows(block):
        return False
    parent = block.getparent()
    if parent is None or parent.tag in _INLINE_TAGS:
        return False
    if block.tag == "div":
        return next(block.iterdescendants(*_BLOCK_TAGS, "p"), None) is not None
    return any(text.strip() for text in block.itertext())


def with_joiners_held(tree: HtmlElement) -> tuple[HtmlElement, bool]:
    """``tree`` with its zero-width joiners and non-joiners in the keeping of printable stand-ins
    (``_JOINERS_HELD``), and whether it had any: a copy where it has, else ``tree`` itself.

    trafilatura drops every character that Python does not call printable, and these two are not;
    but Persian and Kurdish spell words with the non-joiner (``می‌شود``, ``کتاب‌ها``), Indic
    scripts choose a letter's form with either, and emoji sequences join with the joiner. Only
    those between two characters are held: one on its own is a page builder's way to keep an
    empty paragraph open. ``text.translate(_JOINERS_BACK)`` puts them back. A page that uses a
    stand-in itself keeps trafilatura's reading."""
    if not _HAS_JOINER(tree) or _HAS_STAND_IN(tree):
        return tree, False
    tree = deepcopy(tree)
    for element in tree.iter():
        if element.text:
            element.text = _JOINER.sub(_held, element.text)
        if element.tail:
            element.tail = _JOINER.sub(_held, element.tail)
    return tree, True


def _held(joiner: re.Match[str]) -> str:
    return joiner[0].translate(_JOINERS_HELD)


def without_promotions(tree: HtmlElement) -> HtmlElement:
    """``tree`` without the blocks that point away from the story; a copy where it has any, else
    ``tree`` itself:

    - the teasers of other stories: blocks whose class or id names a teaser or related stories
      and whose links hold ``_TEASER_BLOCK_LINK_SHARE`` of their text at least ("Mehr aus der
      Region", a headline linking another story over its summary). trafilatura prunes teaser
      blocks only when it does not favour recall, as the fast pass does, and related ones
      unless that removes much of the page; a block so named without such links (a
      standfirst, "article__teaser") is the story's own;
    - the cards of other stories: an ``<article>`` of at most ``_TEASER_CARD_MAX_WORDS`` words,
      without an ``<h1>``, whose links hold as much of its text, whatever its class (hashed
      class names say nothing), but not the page's longest ``<article>`` where it holds half
      of the page's paragraphs or more: that is the story's own;
    - calls to action: boxes whose class or id names a newsletter, a subscription or a donation,
      of at most ``_CALL_TO_ACTION_MAX_WORDS`` words for their kind (80, a donation appeal 200),
      with a link, a button or a form to act on
      ("Get our newsletter", "Wait! Before you go ... Donate"). Paragraphs so named are not
      looked at: sites mark a subscriber's paragraphs of the story that way."""
    found = tree.getroottree()
    paths = [found.getpath(element) for element in _promotions(tree)]
    if not paths:
        return tree
    tree = deepcopy(tree)
    copied = tree.getroottree()
    # the blocks in the copy, all found before any is dropped: a path counts the siblings
    for element in [element for path in paths for element in copied.xpath(path)[:1]]:
        # an element inside a block dropped before it is detached from the tree with it
        if next(element.iterancestors("html"), None) is not None:
            element.drop_tree()
    return tree


def _promotions(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The blocks of ``tree`` that ``without_promotions`` drops: the named ones in document
    order, then the cards."""
    for element in _NAMED(tree):
        name = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if (element.tag in _TEASER_TAGS and _TEASER_NAME.search(name) and _links_other_story(element)) or (
            element.tag in _CALL_TO_ACTION_TAGS
            and (kind := _CALL_TO_ACTION_NAME.search(name))
            and _is_call_to_action(element, kind.group())
        ):
            yield element
    articles = [(word_count(article.text_content()), article) for article in tree.iter("article")]
    if not articles:
        return
    # the longest, where it holds half the page's paragraphs or more, is the story's own, however
    # short and whatever it links: a brief that links out
    longest_words, longest = max(articles, key=lambda item: item[0])
    paragraph_words = sum(word_count(paragraph.text_content()) for paragraph in tree.iter("p"))
    story = longest if 2 * longest_words >= paragraph_words else None
    for words, card in articles:
        if (
            card is not story
            and words <= _TEASER_CARD_MAX_WORDS
            and next(card.iter("h1"), None) is None
            and _links_other_story(card)
        ):
            yield card


def _is_call_to_action(element: HtmlElement, kind: str) -> bool:
    return (
        word_count(element.text_content()) <= _CALL_TO_ACTION_MAX_WORDS[kind]
        and next(element.iter("a", "button", "input", "form"), None) is not None
    )


def _links_other_story(element: HtmlElement) -> bool:
    text_chars = collapsed_length(element.text_content())
    link_chars = sum(collapsed_length(link.text_content()) for link in element.iter("a") if link.get("href"))
    return link_chars > 0 and link_chars >= _TEASER_BLOCK_LINK_SHARE * text_chars


def with_ruby_readings(tree: HtmlElement) -> HtmlElement:
    """``tree`` with the readings of its ruby annotations as text, in parentheses after the
    words they gloss ("尹錫悦（ユンソンニョル）"), as a reader without ruby support sees them; a
    copy where it has any (trafilatura drops ``<rt>`` and ``<rp>``), else ``tree`` itself."""
    if next(tree.iter("rt"), None) is None:
        return tree
    tree = deepcopy(tree)
    for ruby in list(tree.iter("ruby")):
        parenthesised = next(ruby.iter("rp"), None) is not None
        for element in list(ruby.iter("rt", "rp", "rb")):
            if element.tag == "rt" and not parenthesised:
                element.text = "（" + (element.text or "")
                if len(element):
                    element[-1].tail = (element[-1].tail or "") + "）"
                else:
                    element.text += "）"
            element.tag = "span"
    return tree


def _looks_wrong(text: str, page_chars: int) -> bool:
    """Whether an extracted text is unlikely to be the page's main text: a small part of the
    page (a teaser, a caption, nothing), or the whole page in one or two blocks (a dump)."""
    share = len(text) / max(page_chars, 1)
    if share < _SMALL_SHARE:
        return True
    return share > _DUMP_SHARE and len(text) > _DUMP_MIN_CHARS and text.count("\n\n") < 2


# most of the page, with a menu's items among it: the page's furniture read as its text
_MENU_SHARE = 0.75
_MENU_MIN_LINES = 12
# ... where the second opinion keeps this much of it at least (not a teaser of the story)
_MENU_SECOND_OPINION_MIN_SHARE = 0.5


def _reads_menus(text: str, page_chars: int) -> bool:
    """Whether an extracted text is most of the page and holds a menu's items: a dozen lines of
    one or two words of letters (not code's lines, "}", "return x;")."""
    if len(text) <= _MENU_SHARE * page_chars:
        return False
    return (
        sum(
            1
            for line in text.splitlines()
            if len(line) <= _MENU_ITEM_MAX_CHARS and _MENU_ITEM.fullmatch(line.removeprefix("- "))
        )
        >= _MENU_MIN_LINES
    )


_MENU_ITEM_MAX_CHARS = 60
_MENU_ITEM = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:\s+&?\s*[^\W\d_]+(?:-[^\W\d_]+)*)?")


def _trafilatura_text(tree: HtmlElement, url: str, extractor: Extractor) -> str:
    options = copy(extractor)  # an Extractor is costly to build (settings lookups, a date)
    options.url = options.source = url
    document = bare_extraction(tree, options=options)
    if not isinstance(document, Document) or document.body is None:
        return ""
    link_texts = site_link_texts(tree, url)
    body = without_trailing_teasers(without_link_lists(without_standfirst(document.body), link_texts), link_texts)
    return paragraphs_text(body)


def site_link_texts(tree: HtmlElement, url: str) -> _LinkTexts:
    """The texts of the page's links to other pages of its site (not to a part of itself: a
    table of contents links the story's own headings), read at the first lookup."""
    host = urlsplit(url).hostname
    page = _without_fragment(url)
    return _LinkTexts(
        key
        for link in tree.iter("a")
        if len(key := _text_key(link.text_content())) >= 3
        and _same_host(href := link.get("href", ""), host)
        and ("#" not in href or _without_fragment(urljoin(url, href.strip())) != page)
    )


def _without_fragment(url: str) -> str:
    try:
        return urldefrag(url)[0].rstrip("/")
    except ValueError:
        return url


def without_link_lists(body: HtmlElement, link_texts: _LinkTexts) -> HtmlElement:
    """trafilatura's output tree ``body`` without the lists whose items are the texts of links to
    other pages of the site (``link_texts``: teasers for other stories, a section menu: "Read
    also", "Top stories"), nor the short heading right above such a list; changed in place. A
    list whose items say more than their links (a guide's "Tool A: what it does") or link to
    other sites (the conferences, tools or essays a story lists) stays."""
    lists = [element for element in body if element.tag == "list" and len(element) >= _LINK_LIST_MIN_ITEMS]
    for element in lists:
        items = [_text_key("".join(item.itertext())) for item in element]
        links = sum(link_texts.holds(item) for item in items)
        # a breadcrumb trail ends with the page itself, which it does not link to
        if links < _LINK_LIST_MIN_ITEMS or len(items) - links > 1 or links < _LINK_LIST_SHARE * len(items):
            continue
        previous = element.getprevious()
        if previous is not None and previous.tag == "head" and word_count(xmltotxt(previous, False)) <= 5:
            body.remove(previous)
        body.remove(element)
    return body


def without_trailing_teasers(body: HtmlElement, link_texts: _LinkTexts) -> HtmlElement:
    """trafilatura's output tree ``body`` without the run of blocks after the story that only
    points elsewhere: headings and short lines (no sentence) among which at least
    ``_TEASER_MIN_LINKS`` blocks, and ``_TEASER_LINK_SHARE`` of them, are the texts of links to
    other pages of the site (``link_texts``): "More from the region", the teasers of other
    stories, a menu; changed in place. The story's last paragraph ends the run."""
    blocks = list(body)  # lxml finds a child by its index by walking the children from the first
    start = len(blocks)
    links = 0
    while start > 1:
        element = blocks[start - 1]
        text = xmltotxt(element, False).strip()
        if element.tag != "head" and word_count(text) > _TEASER_MAX_WORDS:
            break  # a paragraph of the story (the texts of links are shorter)
        if link_texts.holds(_text_key(text)):
            links += 1
        elif element.tag != "head" and ends_like_sentence(text):
            break
        start -= 1
    if links >= _TEASER_MIN_LINKS and links >= _TEASER_LINK_SHARE * (len(body) - start):
        del body[start:]
    return body


def _same_host(href: str, host: str | None) -> bool:
    """Whether a link goes to another page of the site (a relative link, or one to ``host``)."""
    try:
        link_host = urlsplit(href.strip()).hostname
    except ValueError:
        return False
    return link_host is None or link_host == host or link_host.removeprefix("www.") == (host or "").removeprefix("www.")


class _LinkTexts:
    """The texts of a page's links, one a line in one string: an item is looked up by a search
    in C over the whole string, whatever the number of links. ``texts`` is read at the first
    lookup: most pages need none."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = texts
        self._exact: set[str] | None = None
        self._joined = ""

    def holds(self, item: str) -> bool:
        """Whether ``item`` is the text of a link, or most of it (a teaser's link also holds its
        time or its section: "Headline 20:07")."""
        if not item:
            return False
        if self._exact is None:
            self._exact = set(self._texts)
            self._joined = "\n" + "\n".join(self._exact) + "\n"
        if item in self._exact:
            return True
        # the link without the teaser's kicker before it or its time after it: "Hormones:
        # Headline", "Headline 20/1/2026 05:10"
        words = item.split(" ")
        timed = True  # the words cut from the end are all times so far
        for cut in range(1, min(_TEASER_EXTRA_WORDS, len(words) - 1) + 1):
            rest = " ".join(words[cut:])
            if 2 * len(rest) >= len(item) and rest in self._exact:
                return True
            timed = timed and _TIME_WORD.match(words[-cut]) is not None
            if timed and " ".join(words[:-cut]) in self._exact:
                return True
        start = self._joined.find(item)
        for _ in range(_LINK_TEXT_TRIES):
            if start < 0:
                return False
            line_start = self._joined.rfind("\n", 0, start) + 1
            line_end = self._joined.find("\n", start + len(item))
            if 2 * len(item) >= line_end - line_start:
                return True
            start = self._joined.find(item, line_end)
        return False


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def without_standfirst(body: HtmlElement) -> HtmlElement:
    """trafilatura's output tree ``body`` without its standfirst, the sentence-long heading right
    under the leading heading (the headline) that sums the story up; changed in place."""
    if (
        len(body) > 2
        and body[0].tag == "head"
        and body[1].tag == "head"
        and word_count(xmltotxt(body[1], False)) >= _STANDFIRST_MIN_WORDS
    ):
        del body[1]
    return body


def without_headline(text: str, *titles: str | None) -> str:
    """``text`` without the paragraph that is one of the headline's ``titles`` (the record's
    title, the headline the page shows where that differs; None for none), however the page
    spaced and punctuated it ("KickerHeadline" with the kicker glued to it, a colon left out),
    where it opens the text or only short lines stand before it (``_FURNITURE_MAX_WORDS`` words
    at most each, among the first ``_HEADLINE_SEARCH_PARAGRAPHS``: a video's caption, a
    section's name), which go with it; ``text`` as it is otherwise."""
    paragraphs = text.split("\n\n")
    keys = [key for key in (_squeezed(title or "") for title in titles) if key]
    for index, paragraph in enumerate(paragraphs[:_HEADLINE_SEARCH_PARAGRAPHS]):
        if len(paragraph) <= _HEADLINE_MAX_CHARS:
            squeezed = _squeezed(paragraph)
            if any(squeezed == key or (key.endswith(squeezed) and len(squeezed) > 20) for key in keys):
                return "\n\n".join(paragraphs[index + 1 :])
        if word_count(paragraph) > _FURNITURE_MAX_WORDS:
            break
    return text


def without_byline(text: str, authors: list[str]) -> str:
    """``text`` without the short paragraphs among its first three and its last two that only
    credit the record's ``authors`` ("By Jane Doe", "Von Anna Muster", "Jane Doe | May 1 | 5 min
    read"): the record has an authors field for that. A sentence that names them stays."""
    if not authors:
        return text
    paragraphs = text.split("\n\n")
    keys = {author.casefold() for author in authors}
    last = len(paragraphs) - _TRAILING_BYLINE_PARAGRAPHS
    kept = [
        paragraph
        for index, paragraph in enumerate(paragraphs)
        if _LEADING_PARAGRAPHS <= index < last or not _credits_only(paragraph, keys)
    ]
    return "\n\n".join(kept) if kept else text


def without_author_bio(text: str, authors: list[str]) -> str:
    """``text`` without the writer's bio among its last ``_BIO_PARAGRAPHS`` paragraphs: one of at
    most ``_BIO_MAX_WORDS`` words that opens with the full name of one of the record's
    ``authors`` ("Jane Doe is a health reporter ...", "About Jane Doe: ...", "Anna Muster ist
    Korrespondentin ..."). The record has an authors field for them; the story's first
    paragraph stays whatever it says."""
    full_names = [author for author in authors if len(author.split()) >= 2]
    if not full_names:
        return text
    opening = re.compile(
        r"\W{0,3}(?:about\s+)?(?:" + "|".join(re.escape(name) for name in full_names) + r")\b", re.IGNORECASE
    )
    paragraphs = text.split("\n\n")
    first_bio = max(len(paragraphs) - _BIO_PARAGRAPHS, 1)
    kept = [
        paragraph
        for index, paragraph in enumerate(paragraphs)
        if index < first_bio or word_count(paragraph) > _BIO_MAX_WORDS or not opening.match(paragraph)
    ]
    return "\n\n".join(kept)


# where a date line goes on with the byline: "5:45 AM PST 11/19/2019 by Jane Doe", "May 2, 2024 ·
# By Jane Doe"
_BY_AFTER_DATE = re.compile(r"(?:\s+[·•|–—-])?\s+(?=(?:by|von|par|por)\s)", re.IGNORECASE)


def _credits_only(paragraph: str, authors: set[str]) -> bool:
    """Whether ``paragraph`` is a short line, no sentence, whose names are all among ``authors``
    (case-folded)."""
    if word_count(paragraph) > _BYLINE_MAX_WORDS or ends_like_sentence(paragraph):
        return False
    names = clean_names(paragraph)
    if not names and (by := _BY_AFTER_DATE.search(paragraph)) and _is_date_stamp(paragraph[: by.start()]):
        names = clean_names(paragraph[by.end() :])  # "November 19, 2019 by Jane Doe"
    return bool(names) and all(name.casefold() in authors for name in names)


def _squeezed(text: str) -> str:
    return "".join(_WORD_CHARACTERS.findall(text.casefold()))


def trim_trailing_boilerplate(text: str) -> str:
    """``text`` without the short call-to-action paragraphs at its end ("follow us on Twitter"),
    nor the date lines among them ("First published: ..."); a paywall's notice among its last
    ``_PAYWALL_PARAGRAPHS`` paragraphs ends the story, with the sign-up pitch after it ("Il vous
    reste 57% de cet article à lire", "この記事は会員限定です")."""
    paragraphs = text.split("\n\n")
    for index in range(max(len(paragraphs) - _PAYWALL_PARAGRAPHS, 1), len(paragraphs)):
        if word_count(paragraphs[index]) <= _PAYWALL_MAX_WORDS and _PAYWALL_NOTICE.search(paragraphs[index]):
            del paragraphs[index:]
            break
    while len(paragraphs) > 1 and (
        (word_count(paragraphs[-1]) <= _BOILERPLATE_MAX_WORDS and _TRAILING_BOILERPLATE.search(paragraphs[-1]))
        or (
            len(paragraphs[-1]) <= _SCRIPT_BOILERPLATE_MAX_CHARS
            and not paragraphs[-1].isascii()
            and _SCRIPT_TRAILING_BOILERPLATE.search(paragraphs[-1])
        )
        or _is_date_stamp(paragraphs[-1])
    ):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def without_inserts(text: str) -> str:
    """``text`` without the short paragraphs the page sets into the story that are not the story:
    a line that links another story ("Read also: Council approves the budget", "Les også: ..."),
    another page's teaser, which ends with the link to it ("The council approved it. more",
    "... the best pick.\nRead More"), a picture's caption, which ends with its credit ("The
    council chamber. Photo: Jane Doe"), and a label of the page's furniture ("Advertisement",
    "Anzeige", "Story continues below advertisement", "Back to top", "Table of Contents")."""
    paragraphs = [paragraph for paragraph in text.split("\n\n") if not _is_insert(paragraph)]
    return "\n\n".join(paragraphs) if paragraphs else text


def _is_insert(paragraph: str) -> bool:
    if _PAGE_LABEL.fullmatch(paragraph.strip()):
        return True
    if _CONSENT_NOTICE.search(paragraph):
        return word_count(paragraph) <= _CONSENT_NOTICE_MAX_WORDS
    if _READ_ALSO.match(paragraph):
        return word_count(paragraph) <= _READ_ALSO_MAX_WORDS
    if _MORE_LINK.search(paragraph):
        return word_count(paragraph) <= _MORE_TEASER_MAX_WORDS
    return _PHOTO_CREDIT.search(paragraph.strip()) is not None and word_count(paragraph) <= _CAPTION_MAX_WORDS


def drop_date_stamps(text: str) -> str:
    """``text`` without the paragraphs among its first three and at its end that only give the
    publication or update date ("Last updated on September 16th, 2023 at 09:27 am")."""
    paragraphs = text.split("\n\n")
    index = 0
    while index < min(_LEADING_PARAGRAPHS, len(paragraphs) - 1):
        # line by line: a headline or a kicker may have the date line under it, in one block
        lines = paragraphs[index].split("\n")
        kept = [line for line in lines if not _is_date_stamp(line)]
        if not any(line.strip() for line in kept):
            del paragraphs[index]
            continue
        if len(kept) < len(lines):
            paragraphs[index] = "\n".join(kept)
        index += 1
    while len(paragraphs) > 1 and _is_date_stamp(paragraphs[-1]):
        paragraphs.pop()
    return "\n\n".join(paragraphs)


def _is_date_stamp(paragraph: str) -> bool:
    if _READING_TIME.match(paragraph.strip()):
        return True  # when the story was written, or how long it takes to read: no words of it
    if len(paragraph) > _DATE_STAMP_MAX_CHARS:
        return False
    undated = without_dates(paragraph)
    if undated == paragraph and not _HAS_DATE.search(paragraph):
        return False
    if "\n" in paragraph:
        return all(_is_date_stamp(line) for line in paragraph.split("\n") if line.strip())
    parts = _STAMP_SEPARATOR.split(paragraph.strip())
    if len(parts) > 1 and all(_is_date_stamp(part) for part in parts):
        return True  # the date and the reading time in one line: "May 2, 2024 · 5 min read"
    if " | " in paragraph:
        # the place, the desk or the writer before the date: "New Delhi, Bureau | Updated: 19 Nov 2019"
        *labels, last = paragraph.split(" | ")
        if all(len(label.split()) <= _DATE_LINE_LABEL_WORDS and not ends_like_sentence(label) for label in labels):
            return _is_date_stamp(last)
    # at most one word that is neither part of a date nor of "updated/published on ... at"
    return len(_LETTER_WORD.findall(_DATE_STAMP_WORDS.sub(" ", undated))) <= 1


def paragraphs_text(body: HtmlElement) -> str:
    """The text of trafilatura's output tree, one block (paragraph, heading, list, ...) per
    paragraph, paragraphs separated by a blank line. A table's rows keep their cells but not
    the rows whose cells are all empty, nor the layout's indentation inside a cell: pages laid
    out in tables ("|  |  |", "|        The story begins") give those by the dozen."""
    blocks = (_table_text(element) if element.tag == "table" else xmltotxt(element, False).strip() for element in body)
    return "\n\n".join(block for block in blocks if block)


def _table_text(table: HtmlElement) -> str:
    rows = (_CELL_SPACE.sub(" ", row).strip() for row in xmltotxt(table, False).split("\n"))
    return "\n".join(row for row in rows if not _EMPTY_ROW.fullmatch(row)).strip()


_CELL_SPACE = re.compile(r"[ \t]{2,}")
_EMPTY_ROW = re.compile(r"[|\s]*")
