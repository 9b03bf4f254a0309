"""Sites files, cron schedules, and the `archiver run` / `archiver status` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archiver.cli import build_parser
from archiver.exceptions import UsageError
from archiver.runs.sites import load_sites

SITES = """
[[site]]
name = "meridian"
start_urls = ["{url}/"]
discovery = ["sitemaps", "feeds", "links"]
deny = ['/author/']
depth = 2
schedule = "0 3 * * *"
delay = 0
concurrency = 4
settings = {{ ARCHIVER_PROGRESS_INTERVAL = 0 }}

[[site]]
name = "hourly"
start_urls = ["{url}/about/"]
discovery = ["links"]
depth = 0
schedule = "0 * * * *"
"""


def write_sites(folder: Path, url: str = "http://127.0.0.1:9") -> Path:
    path = folder / "sites.toml"
    path.write_text(SITES.format(url=url), encoding="utf-8")
    return path


def archiver(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archiver.cli", *args], capture_output=True, text=True, timeout=240)


def test_sites_file_is_read_and_checked(tmp_path):
    meridian, hourly = load_sites(write_sites(tmp_path))
    assert meridian.name == "meridian" and meridian.deny == ("/author/",) and meridian.depth == 2
    assert hourly.discovery == ("links",)
    args = meridian.crawl_arguments(tmp_path / "meridian")
    assert args[:3] == ["http://127.0.0.1:9/", "--out", str(tmp_path / "meridian")]
    assert "ARCHIVER_SITE_NAME=meridian" in args and "ARCHIVER_PROGRESS_INTERVAL=0" in args
    assert "--deny=/author/" in args


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[site]]\nname = "a"\nstart_urls = ["http://x/"]\nschedule = "every day"\n', "cron expression"),
        ('[[site]]\nname = "a b"\nstart_urls = ["http://x/"]\nschedule = "0 * * * *"\n', "name must be"),
        (
            '[[site]]\nname = "a"\nstart_urls = ["http://x/"]\nschedule = "0 * * * *"\ndiscovery = ["rss"]\n',
            "discovery",
        ),
        ('[[site]]\nname = "a"\nstart_urls = ["http://x/"]\nschedule = "0 * * * *"\ndelay = -1\n', "delay"),
        ('[[site]]\nname = "a"\nstart_urls = ["http://x/"]\nschedule = "0 * * * *"\nspeed = 1\n', "unknown key"),
        ("site = 1\n", r"no \[\[site\]\] table"),
        ("[[site]\n", "not valid TOML"),
    ],
)
def test_bad_sites_files_name_the_problem(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_sites(path)


def test_patterns_that_start_with_a_dash_reach_the_crawl(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(site_text(allow="['-2025-']", deny="['-live$']"), encoding="utf-8")
    [site] = load_sites(path)
    args = build_parser("crawl").parse_args(["crawl", *site.crawl_arguments(tmp_path / "a")])
    assert (args.allow, args.deny) == (["-2025-"], ["-live$"])


def site_text(**values: str) -> str:
    """A sites file of one site "a", with ``values`` (TOML source) added or replacing its own."""
    values = {"name": '"a"', "start_urls": '["http://x/"]', "schedule": '"0 * * * *"', **values}
    return "[[site]]\n" + "".join(f"{key} = {value}\n" for key, value in values.items())


DISCOVERY_RULE = """site 'a': discovery must be a list of sitemaps, feeds, links (or ["none"]: the start pages only)"""
NAME_RULE = "name must be letters, digits, '.', '_' or '-', not starting with '.'"
CRON_RULE = "schedule must be a cron expression of five fields (minute hour day month weekday) like '0 */6 * * *'"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # names are folder names under --out
        pytest.param(site_text(name='".."'), f"site '..': {NAME_RULE}", id="name .."),
        pytest.param(site_text(name='"."'), f"site '.': {NAME_RULE}", id="name ."),
        pytest.param(site_text(name='".hidden"'), f"site '.hidden': {NAME_RULE}", id="name .hidden"),
        pytest.param(site_text(name='"a\\n"'), f"site 'a\\n': {NAME_RULE}", id="name with a newline"),
        # run and status ask every site for its next time: one that never comes stopped them all
        pytest.param(
            site_text(schedule='"0 0 31 2 *"'),
            "site 'a': schedule '0 0 31 2 *' names no date that exists",
            id="cron 31 February",
        ),
        # croniter takes a sixth field for seconds (every second here) and a seventh for years
        pytest.param(
            site_text(schedule='"0 0 * * * *"'), f"site 'a': {CRON_RULE}, not '0 0 * * * *'", id="cron 6 fields"
        ),
        pytest.param(
            site_text(schedule='"0 0 1 1 * 0 2099"'),
            f"site 'a': {CRON_RULE}, not '0 0 1 1 * 0 2099'",
            id="cron 7 fields",
        ),
        pytest.param(site_text(schedule='"R 3 * * *"'), f"site 'a': {CRON_RULE}, not 'R 3 * * *'", id="cron random"),
        pytest.param(site_text(schedule="5"), f"site 'a': {CRON_RULE}, not 5", id="cron a number"),
        # values of the wrong type, and numbers that TOML has but no count or delay can be
        pytest.param(site_text(allow="5"), "site 'a': allow must be a list of regular expressions", id="allow 5"),
        pytest.param(
            site_text(deny="{ a = 1 }"), "site 'a': deny must be a list of regular expressions", id="deny table"
        ),
        pytest.param(
            site_text(allow='["(["]'),
            "site 'a': allow: bad regular expression '([': unterminated character set at position 1",
            id="allow bad regex",
        ),
        pytest.param(site_text(discovery="5"), DISCOVERY_RULE, id="discovery 5"),
        pytest.param(
            site_text(discovery="[[1]]"),
            DISCOVERY_RULE,
            id="discovery nested list",
        ),
        pytest.param(site_text(start_urls="5"), "site 'a': start_urls must be a list of URLs", id="start_urls 5"),
        pytest.param(
            site_text(depth="inf"), "site 'a': depth must be a whole number of at least 0, not inf", id="depth inf"
        ),
        pytest.param(
            site_text(depth="2.5"), "site 'a': depth must be a whole number of at least 0, not 2.5", id="depth 2.5"
        ),
        pytest.param(
            site_text(max_pages="-inf"),
            "site 'a': max_pages must be a whole number of at least 0, not -inf",
            id="max_pages -inf",
        ),
        pytest.param(
            site_text(concurrency="nan"),
            "site 'a': concurrency must be a whole number of at least 1, not nan",
            id="concurrency nan",
        ),
        pytest.param(
            site_text(delay="nan"), "site 'a': delay must be a finite number of at least 0, not nan", id="delay nan"
        ),
        pytest.param(
            site_text(delay="inf"), "site 'a': delay must be a finite number of at least 0, not inf", id="delay inf"
        ),
        pytest.param(
            site_text(delay="-0.5"),
            "site 'a': delay must be a finite number of at least 0, not -0.5",
            id="delay negative",
        ),
        pytest.param("site = [1, 2]\n", "site must be [[site]] tables", id="site a list of numbers"),
        pytest.param(
            site_text(start_urls='["http://ok/", "ftp://x/"]'),
            "site 'a': start_urls: not an http(s) URL: 'ftp://x/'",
            id="start_urls ftp",
        ),
    ],
)
def test_a_bad_sites_file_is_one_line_and_exit_code_2(tmp_path, text, problem):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    result = archiver("status", str(path), "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stderr) == (2, f"archiver status: error: {path}: {problem}\n")


def test_a_sites_file_that_is_not_utf8_is_one_line_and_exit_code_2(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_bytes(site_text(name='"caf\xe9"').encode("latin-1"))
    result = archiver("status", str(path), "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stderr) == (
        2,
        f"archiver status: error: {path}: not UTF-8 text (bad byte at offset 20)\n",
    )


def test_a_byte_order_mark_is_not_an_error(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(site_text(), encoding="utf-8-sig")
    [site] = load_sites(path)
    assert site.name == "a" and site.start_urls == ("http://x/",)


def test_counts_may_be_written_as_whole_floats(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(site_text(depth="2.0", concurrency="8", delay="1"), encoding="utf-8")
    [site] = load_sites(path)
    assert (site.depth, site.concurrency, site.delay) == (2, 8, 1.0)
    assert type(site.depth) is int and type(site.delay) is float


def test_an_impossible_schedule_stops_run_at_once(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(site_text(schedule='"0 0 30 2 *"'), encoding="utf-8")
    result = archiver("run", str(path), "--out", str(tmp_path / "out"))
    assert (result.returncode, result.stderr) == (
        2,
        f"archiver run: error: {path}: site 'a': schedule '0 0 30 2 *' names no date that exists\n",
    )


def test_schedules_croniter_reads_alike_are_accepted(tmp_path):
    path = tmp_path / "sites.toml"
    for schedule in ("0 0 29 2 *", "0  0 * * MON-FRI", "*/15 3 L * *", "0 0 1 mar *"):
        path.write_text(site_text(schedule=f'"{schedule}"'), encoding="utf-8")
        [site] = load_sites(path)
        assert site.next_run(datetime(2025, 1, 1, tzinfo=UTC)) > datetime(2025, 1, 1, tzinfo=UTC)


def test_cron_decides_what_is_due(tmp_path):
    meridian, hourly = load_sites(write_sites(tmp_path))
    now = datetime(2025, 3, 31, 12, 30, tzinfo=UTC)
    assert meridian.is_due(None, now)
    assert not meridian.is_due(datetime(2025, 3, 31, 3, 5, tzinfo=UTC), now)  # ran after today's 03:00
    assert meridian.is_due(datetime(2025, 3, 30, 3, 5, tzinfo=UTC), now)  # today's 03:00 passed since
    assert meridian.next_run(now) == datetime(2025, 4, 1, 3, 0, tzinfo=UTC)
    assert hourly.is_due(datetime(2025, 3, 31, 11, 59, tzinfo=UTC), now)


def test_run_crawls_due_sites_then_status_reports_them(news_site, tmp_path):
    sites = write_sites(tmp_path, news_site.url)
    out = tmp_path / "out"
    result = archiver("run", str(sites), "--out", str(out), "--site", "meridian", "-q")
    assert result.returncode == 0, result.stderr
    assert "health meridian:" in result.stderr
    records = list((out / "meridian").glob("articles-*.jsonl"))
    assert len(records) == 1 and records[0].read_text(encoding="utf-8").count("\n") == 41
    [report] = (out / "meridian" / "reports").glob("meridian-*.json")
    assert json.loads(report.read_text(encoding="utf-8"))["articles"] == 41

    again = archiver("run", str(sites), "--out", str(out), "--site", "meridian")
    assert again.returncode == 0 and "meridian: not due" in again.stderr
    assert len(list((out / "meridian").glob("articles-*.jsonl"))) == 1

    status = archiver("status", str(sites), "--out", str(out))
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].startswith("meridian: last run ") and " finished at " in lines[0] and "next " in lines[0]
    assert "new articles 41" in lines[1] and "errors 1" in lines[1]
    assert lines[2] == f"hourly: never run (no crawl state or reports in {out / 'hourly'}); due now (0 * * * *)"


def test_status_shows_a_failed_run(tmp_path):
    from archiver.state.lock import StateLock

    sites = write_sites(tmp_path)  # start URLs on a port where nothing answers
    out = tmp_path / "out"
    result = archiver("run", str(sites), "--out", str(out), "--site", "meridian", "-q", "--force")
    assert result.returncode == 1 and "meridian: crawl failed (exit code 1)" in result.stderr
    status = archiver("status", str(sites), "--out", str(out)).stdout.splitlines()
    assert status[0].startswith("meridian: last run ") and " start unreachable at " in status[0]
    # a run that fails before it can write its own report (another run holds the state)
    lock = StateLock(out / "meridian" / "state.sqlite")
    try:
        result = archiver("run", str(sites), "--out", str(out), "--site", "meridian", "-q", "--force")
    finally:
        lock.release()
    assert result.returncode == 1
    status = archiver("status", str(sites), "--out", str(out)).stdout.splitlines()
    assert " failed (exit code 1) at " in status[0]


def test_run_rejects_an_unknown_site(tmp_path):
    sites = write_sites(tmp_path)
    result = archiver("run", str(sites), "--out", str(tmp_path / "out"), "--site", "nowhere")
    assert result.returncode == 2 and "no site named nowhere" in result.stderr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            '{ ARCHIVER_WARC_VERSON = "1.0" }',
            "settings: ARCHIVER_WARC_VERSON is not a setting of the archiver (did you mean ARCHIVER_WARC_VERSION?)",
        ),
        ('{ ARCHIVER_RECHECK_MAX_AGE = "soon" }', "settings: ARCHIVER_RECHECK_MAX_AGE: not a duration"),
        ('{ CONCURRENT_REQUESTS = "many" }', "settings: CONCURRENT_REQUESTS must be a number, not 'many'"),
        ('{ ROBOTSTXT_OBEY = "maybe" }', "settings: ROBOTSTXT_OBEY must be true or false, not 'maybe'"),
    ],
)
def test_a_sites_file_settings_are_checked_before_any_crawl(tmp_path, settings, message):
    path = tmp_path / "sites.toml"
    path.write_text(
        f'[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\nschedule = "0 * * * *"\nsettings = {settings}\n',
        encoding="utf-8",
    )
    result = archiver("run", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "out").exists()


def test_discovery_none_and_depth_pass_to_the_crawl_as_they_are(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(site_text(discovery='["none"]', depth="2"), encoding="utf-8")
    [site] = load_sites(path)
    assert site.discovery == ()
    args = site.crawl_arguments(tmp_path / "a")
    assert "ARCHIVER_DISCOVERY=none" in args and args[args.index("--depth") + 1] == "2"
