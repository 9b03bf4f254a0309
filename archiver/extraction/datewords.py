"""Month and weekday names as the extraction's date readers match them, written once for the
dates, bylines, article detection and text cleaning. English names and their common
abbreviations, and for reading the dates pages show, the months of other languages; lower
case (the patterns are used with ``re.IGNORECASE``). Pure data, with the conversions a date
needs before it is read: other scripts' digits, the Thai year and the Iranian calendar."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import jdatetime

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
"""Every month name and abbreviation of :data:`MONTH_NAME`, with its number."""

MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
"""A month's name or abbreviation: "jan", "January", "sept" (a word boundary after it is the caller's)."""

MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
"""A word that starts like a month: the looser test where a date is only a hint."""

WEEKDAY_NAME = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
)
"""A weekday's name or abbreviation: "mon", "Tuesday", "thurs"."""

OTHER_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            # German, French, Spanish, Portuguese, Italian, Dutch, Scandinavian; Polish, Czech,
            # Russian (the genitive: "5 мая 2024"), Turkish, Finnish
            (
                "januar",
                "jänner",
                "janvier",
                "enero",
                "janeiro",
                "gennaio",
                "januari",
                "jan",
                "stycznia",
                "ledna",
                "января",
                "ocak",
                "tammikuuta",
            ),
            (
                "februar",
                "février",
                "fevrier",
                "febrero",
                "fevereiro",
                "febbraio",
                "februari",
                "feb",
                "lutego",
                "února",
                "февраля",
                "şubat",
                "helmikuuta",
            ),
            (
                "märz",
                "mars",
                "marzo",
                "março",
                "marco",
                "maart",
                "marts",
                "mär",
                "mrz",
                "marca",
                "března",
                "марта",
                "mart",
                "maaliskuuta",
            ),
            ("april", "avril", "abril", "aprile", "apr", "kwietnia", "dubna", "апреля", "nisan", "huhtikuuta"),
            ("mai", "mayo", "maio", "maggio", "mei", "maj", "maja", "května", "мая", "mayıs", "toukokuuta"),
            ("juni", "juin", "junio", "junho", "giugno", "czerwca", "června", "июня", "haziran", "kesäkuuta"),
            ("juli", "juillet", "julio", "julho", "luglio", "lipca", "července", "июля", "temmuz", "heinäkuuta"),
            (
                "august",
                "août",
                "aout",
                "agosto",
                "augustus",
                "augusti",
                "aug",
                "sierpnia",
                "srpna",
                "августа",
                "ağustos",
                "elokuuta",
            ),
            (
                "september",
                "septembre",
                "septiembre",
                "setiembre",
                "setembro",
                "settembre",
                "sep",
                "sept",
                "września",
                "září",
                "сентября",
                "eylül",
                "syyskuuta",
            ),
            (
                "oktober",
                "octobre",
                "octubre",
                "outubro",
                "ottobre",
                "okt",
                "października",
                "října",
                "октября",
                "ekim",
                "lokakuuta",
            ),
            (
                "november",
                "novembre",
                "noviembre",
                "novembro",
                "nov",
                "listopada",
                "listopadu",
                "ноября",
                "kasım",
                "marraskuuta",
            ),
            (
                "dezember",
                "décembre",
                "decembre",
                "diciembre",
                "dezembro",
                "dicembre",
                "december",
                "desember",
                "dez",
                "des",
                "grudnia",
                "prosince",
                "декабря",
                "aralık",
                "joulukuuta",
            ),
        ),
        start=1,
    )
    for name in names
}
# More languages, a row each, its twelve months in order (the form a date uses: "10 квітня
# 2025", "10 Απριλίου 2025", "10 अप्रैल 2025", "10 أبريل 2025", "10 เมษายน 2568")
_MONTHS_BY_LANGUAGE = {
    "Ukrainian": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "Greek": "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου οκτωβρίου "
    "νοεμβρίου δεκεμβρίου",
    "Bulgarian": "януари февруари март април май юни юли август септември октомври ноември декември",
    "Romanian": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie",
    "Indonesian": "januari februari maret april mei juni juli agustus september oktober november desember",
    "Malay": "januari februari mac april mei jun julai ogos september oktober november disember",
    "Slovak": "januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra",
    # Croatian's October, "listopada", is Polish's November: left out
    "Croatian": "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna - studenoga prosinca",
    "Serbian": "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
    "Hebrew": "בינואר בפברואר במרץ באפריל במאי ביוני ביולי באוגוסט בספטמבר באוקטובר בנובמבר בדצמבר",
    "Hindi": "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "Hindi, other spellings": "- \u095eरवरी - - - - - - सितम्बर अक्तूबर नवम्बर दिसम्बर",
    "Hindi, without nukta": "- फरवरी - - - - - - - - - -",
    "Slovenian": "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra decembra",
    "Estonian": "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november detsember",
    "Icelandic": "janúar febrúar mars apríl maí júní júlí ágúst september október nóvember desember",
    # Serbian and Macedonian in Cyrillic ("5. мај 2024", "5 мај 2024")
    "Serbian, Cyrillic": "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
    "Macedonian": "јануари февруари март април мај јуни јули август септември октомври ноември декември",
    # Lithuanian and Latvian write the year first (``BALTIC_YEAR_FIRST``): "2024 m. gegužės 5 d.",
    # "2024. gada 5. maijā"
    "Lithuanian": "sausio vasario kovo balandžio gegužės birželio liepos rugpjūčio rugsėjo spalio lapkričio gruodžio",
    "Latvian": "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī novembrī decembrī",
    "Latvian, nominative": "janvāris februāris marts aprīlis maijs jūnijs jūlijs augusts septembris oktobris "
    "novembris decembris",
    "Marathi": "जानेवारी फेब्रुवारी मार्च एप्रिल मे जून जुलै ऑगस्ट सप्टेंबर ऑक्टोबर नोव्हेंबर डिसेंबर",
    "Bengali": "জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর",
    "Tamil": "ஜனவரி பிப்ரவரி மார்ச் ஏப்ரல் மே ஜூன் ஜூலை ஆகஸ்ட் செப்டம்பர் அக்டோபர் நவம்பர் டிசம்பர்",
    "Urdu": "جنوری فروری مارچ اپریل مئی جون جولائی اگست ستمبر اکتوبر نومبر دسمبر",
    # Persian news writes the Western calendar's months so beside the Iranian ones
    "Persian": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
    "Arabic": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "Arabic, other spellings": "- - - إبريل - يونيه يوليه اغسطس - اكتوبر - -",
    "Arabic, without hamza": "- - - ابريل - - - - - - - -",
    "Levantine Arabic": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
    # the abbreviations news sites print in date lines ("4 ago 2021", "4 déc. 2021", "04-ago-2021")
    "Spanish, abbreviated": "ene feb mar abr may jun jul ago sep oct nov dic",
    "Portuguese, abbreviated": "jan fev mar abr mai jun jul ago set out nov dez",
    "Italian, abbreviated": "gen feb mar apr mag giu lug ago set ott nov dic",
    "French, abbreviated": "janv févr mars avr mai juin juil août sept oct nov déc",
    "French, abbreviated without accents": "- fevr - - - - - - - - - dec",
    "Dutch, abbreviated": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    "Polish, abbreviated": "sty lut mar kwi maj cze lip sie wrz paź lis gru",
    "Russian, abbreviated": "янв фев мар апр мая июн июл авг сен окт ноя дек",
    "Ukrainian, abbreviated": "січ лют бер квіт трав черв лип серп вер жовт лист груд",
    "Turkish, abbreviated": "oca şub mar nis may haz tem ağu eyl eki kas ara",
    "Greek, abbreviated": "ιαν φεβ μαρ απρ - ιουν ιουλ αυγ σεπ οκτ νοε δεκ",
    "Indonesian, abbreviated": "jan feb mar apr mei jun jul agu sep okt nov des",
    # Catalan, after "de" or "d'": "4 d'agost de 2021"
    "Catalan": "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    # Hungarian writes the year first: "2021. augusztus 4." (``YEAR_MONTH_DAY``)
    "Hungarian": "január február március április május június július augusztus szeptember október november december",
    "Hungarian, abbreviated": "jan febr márc ápr máj jún júl aug szept okt nov dec",
    # the year is then the Buddhist era's, 543 years on ("2568" is 2025)
    "Thai": "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม",
    "Thai, abbreviated": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.",
}
OTHER_MONTH_NUMBERS.update(
    {
        name.replace("_", " "): number  # "_": a space in the name
        for months in _MONTHS_BY_LANGUAGE.values()
        for number, name in enumerate(months.split(), start=1)
        if name != "-" and name not in OTHER_MONTH_NUMBERS  # "-": no other form of that month
    }
)
"""Month names and abbreviations in German, French, Spanish, Portuguese, Italian, Dutch, the
Scandinavian languages, Icelandic, Polish, Czech, Slovak, Slovenian, Croatian, Serbian (in both
scripts), Macedonian, Russian, Ukrainian, Bulgarian, Greek, Romanian, Turkish, Finnish, Estonian,
Lithuanian, Latvian, Hungarian, Catalan, Indonesian, Malay,
Hebrew, Hindi, Marathi, Bengali, Tamil, Urdu, Persian, Arabic and Thai, with their numbers: the
day comes first in all of them but Hungarian ("3. Mai 2024", "3 de mayo de 2024", "3 мая 2024",
"3 أبريل 2024")."""


def _any_of(names: Iterable[str]) -> str:
    """A regular expression for any of ``names``, the longest first (so that "mar" does not
    stop "marzo" short)."""
    return "(?:" + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)) + ")"


OTHER_MONTH_NAME = _any_of(OTHER_MONTH_NUMBERS)
"""Any of :data:`OTHER_MONTH_NUMBERS`, the longest first."""

OTHER_DAY_MONTH_YEAR = (
    rf"\b(\d{{1,2}})(?:\.|er|º)?(?:\s+|-)(?:de\s+|d['’])?({OTHER_MONTH_NAME})(?:\s*/\s*(?:{OTHER_MONTH_NAME}))?\.?,?(?:\s+|-)"
    r"(?:de\s+)?((?:19|20|25)\d\d)"
    r"(?:\b|(?=م\b))"
)
"""A date written with one of :data:`OTHER_MONTH_NAME`, day first: "3. Mai 2024", "1er août 2023",
"3 de mayo de 2024", "04-ago-2021", "4 d'agost de 2021", "٠٣ مارس ٢٠٢٥م" (the Arabic "م" marks the common era),
"24 نيسان / أبريل 2020" (the Levantine month's name and the standard one, as Jordanian sites write it); its
groups are the day, the month and the year (a Thai year of the Buddhist era, 25xx, for
:func:`common_era` to convert)."""

YEAR_MONTH_DAY = rf"\b((?:19|20)\d\d)\.\s+({OTHER_MONTH_NAME})\.?\s+(\d{{1,2}})\.(?!\d)"
"""A Hungarian date, the year first: "2021. augusztus 4.", "2024. márc. 3."; its groups are the
year, the month and the day."""

BALTIC_YEAR_FIRST = (
    rf"\b((?:19|20)\d\d)\s*m\.\s+({OTHER_MONTH_NAME})\s+(\d{{1,2}})\s*d\.",
    rf"\b((?:19|20)\d\d)\.\s*gada\s+(\d{{1,2}})\.\s*({OTHER_MONTH_NAME})\b",
)
"""A Lithuanian date, "2024 m. gegužės 5 d." (the year, the month, the day), and a Latvian one,
"2024. gada 5. maijā" (the year, the day, the month)."""

VIETNAMESE_DAY_MONTH_YEAR = r"\b(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?((?:19|20)\d\d)\b"
"""A Vietnamese date, the month in numbers: "4 tháng 8 năm 2021", "ngày 4 tháng 8, 2021"."""


def common_era(year: int) -> int:
    """A year of the common era: a Thai year of the Buddhist era (2400 and later) less 543."""
    return year - 543 if year >= 2400 else year


ASCII_DIGITS = str.maketrans(
    {chr(zero + value): str(value) for zero in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50) for value in range(10)}
)
"""A ``str.translate`` table from Arabic-Indic, Persian, Devanagari, Bengali and Thai digits to
ASCII ones, one character for one: the date patterns read ASCII years ("١٠ أبريل ٢٠٢٥")."""

JALALI_MONTH_NUMBERS = {
    spelling: number
    for number, name in enumerate(
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"], start=1
    )
    for spelling in dict.fromkeys((name, name.replace("ی", "ي")))
}
"""The months of the Iranian (Solar Hijri) calendar, which Persian news pages date by, with their
numbers; each also in the Arabic yeh that many Persian sites type ("تير" for "تیر")."""

JALALI_DATES = (
    # "۱۳ اسفند ۱۴۰۳" (day, month, year; ASCII digits by then)
    rf"(?<!\d)(\d{{1,2}})\s+({'|'.join(JALALI_MONTH_NUMBERS)})\s+(1[34]\d\d)(?!\d)",
    # "۱۴۰۳/۱۲/۱۳": a year from 1300 to 1419 (1921 to 2041), which an Islamic (Hijri) year of
    # these days is not (1446 is 2024), and no "هـ" after it, which marks a Hijri date
    r"(?<![\d/])(1(?:3\d|4[01])\d)/(\d{1,2})/(\d{1,2})(?![\d/]|\s*ه)",
)
"""Dates of the Iranian calendar: with the month's name, and all in numbers year first."""


def from_jalali(year: int, month: int, day: int) -> date:
    """The common-era date of a day of the Iranian calendar (13 Esfand 1403 is 3 March 2025);
    ValueError for a day the calendar does not have. jdatetime does the arithmetic of the
    calendar's leap years."""
    return jdatetime.date(year, month, day).togregorian()


THAI_MONTH_NAME = _any_of((*_MONTHS_BY_LANGUAGE["Thai"].split(), *_MONTHS_BY_LANGUAGE["Thai, abbreviated"].split()))
"""A Thai month's name or abbreviation: Thai pages often write the year of the Buddhist era in
two digits after one ("3 มี.ค. 68" is 3 March 2568, 2025)."""

JAPANESE_ERAS = {"令和": 2018, "平成": 1988}
"""The Japanese eras of these decades and the year before each one's first: 令和7年 is 2025."""
