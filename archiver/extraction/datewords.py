"""Month and weekday names as the extraction's date readers match them, written once for the
dates, bylines, article detection and text cleaning. English names and their common
abbreviations, and for reading the dates pages show, the months of other European languages;
lower case (the patterns are used with ``re.IGNORECASE``). Pure data."""

from __future__ import annotations

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
"""Month names and abbreviations in German, French, Spanish, Portuguese, Italian, Dutch, the
Scandinavian languages, Polish, Czech, Russian, Turkish and Finnish, with their numbers: the day
comes first in all of them ("3. Mai 2024", "3 de mayo de 2024", "3 мая 2024")."""

OTHER_MONTH_NAME = "(?:" + "|".join(sorted(OTHER_MONTH_NUMBERS, key=len, reverse=True)) + ")"
"""Any of :data:`OTHER_MONTH_NUMBERS`, the longest first."""

OTHER_DAY_MONTH_YEAR = rf"\b(\d{{1,2}})(?:\.|er|º)?\s+(?:de\s+)?({OTHER_MONTH_NAME})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b"
"""A date written with one of :data:`OTHER_MONTH_NAME`, day first: "3. Mai 2024", "1er août 2023",
"3 de mayo de 2024"; its groups are the day, the month and the year."""
