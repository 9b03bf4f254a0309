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
            ("januar", "jänner", "janvier", "enero", "janeiro", "gennaio", "januari", "jan"),
            ("februar", "février", "fevrier", "febrero", "fevereiro", "febbraio", "februari", "feb"),
            ("märz", "mars", "marzo", "março", "marco", "maart", "marts", "mär", "mrz"),
            ("april", "avril", "abril", "aprile", "apr"),
            ("mai", "mayo", "maio", "maggio", "mei", "maj"),
            ("juni", "juin", "junio", "junho", "giugno"),
            ("juli", "juillet", "julio", "julho", "luglio"),
            ("august", "août", "aout", "agosto", "augustus", "augusti", "aug"),
            ("september", "septembre", "septiembre", "setiembre", "setembro", "settembre", "sep", "sept"),
            ("oktober", "octobre", "octubre", "outubro", "ottobre", "okt"),
            ("november", "novembre", "noviembre", "novembro", "nov"),
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
            ),
        ),
        start=1,
    )
    for name in names
}
"""Month names and abbreviations in German, French, Spanish, Portuguese, Italian, Dutch and the
Scandinavian languages, with their numbers: the day comes first in all of them ("3. Mai 2024",
"3 de mayo de 2024")."""

OTHER_MONTH_NAME = "(?:" + "|".join(sorted(OTHER_MONTH_NUMBERS, key=len, reverse=True)) + ")"
"""Any of :data:`OTHER_MONTH_NUMBERS`, the longest first."""
