"""``conflictmap fetch``: web pages and RSS/Atom feeds into a ``.jsonl`` corpus (the one command that goes
online by itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from geo.cli.common import examples, fail, json_item, mkdir_option, output_stream

if TYPE_CHECKING:
    from geo.fetch import FetchStats


@click.command(
    "fetch",
    epilog=examples(
        "conflictmap fetch https://example.org/libya/feed.xml -o corpus.jsonl --since 2020-05-01",
        "conflictmap fetch https://example.org/news/1234 https://example.org/news/1240 -o two.jsonl",
        "conflictmap map corpus.jsonl -o out/map.html",
    ),
)
@click.argument("sources", nargs=-1, required=True, metavar="URL_OR_FEED...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The corpus to write (.jsonl: id, url, title, date, source, language, text); - for stdout.")
@click.option("--since", help="Feeds: leave out items dated before this day (YYYY-MM-DD).")
@click.option("--delay", type=click.FloatRange(min=1.0), default=1.0, show_default=True,
              help="Seconds between two requests to one site (never less than one).")
@click.option("--timeout", type=click.FloatRange(min=1.0, max=600.0), default=30.0, show_default=True,
              help="Overall deadline of one request, in seconds (connecting, headers and body).")
@click.option("--max-mb", type=click.FloatRange(min=0.1, max=200.0), default=10.0, show_default=True,
              help="Largest answer accepted, in MB (decompressed).")
@click.option("--refresh", is_flag=True, help="Fetch pages already in the cache again (updated articles).")
@mkdir_option
def fetch(sources: tuple[str, ...], output: str, since: str | None, delay: float, timeout: float,
          max_mb: float, refresh: bool, mkdir: bool) -> None:
    """Fetch article pages and RSS/Atom feeds into a corpus of articles.

    A feed expands to its items; every page's main text, title, date, outlet and language are extracted
    (navigation, adverts and comments left out). Polite by default: one request a second per site, a
    user agent naming the project, robots.txt honoured, an overall deadline and a size cap per request,
    retries with backoff. Pages already fetched come from the cache (a second run fetches only what is
    new; feeds are asked again with their validators). Each article's id is a stable hash of its
    canonical URL.
    """
    from geo.cli.common import check_day
    from geo.cli.outputs import check_outputs
    from geo.fetch import Fetcher
    from geo.inputs import is_url
    from geo.net.http import HttpClient, Limits

    check_outputs([("-o", output)], mkdir=mkdir)
    since = check_day(since, "--since")
    for s in sources:
        if not is_url(s):
            fail(f"{s}: not an http(s) URL")
        try:
            from urllib.parse import urlsplit

            parts = urlsplit(s)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
            if not parts.hostname:
                raise ValueError
        except ValueError:
            fail(f"{s}: not a valid URL")
    client = HttpClient(Limits(deadline=timeout, max_bytes=int(max_mb * 1024 * 1024), min_interval=delay))
    fetcher = Fetcher(client=client, since=since, refresh=refresh)
    n = 0
    with output_stream(None if output == "-" else output) as out:
        for rec in fetcher.records(sources):
            out.write(json_item(rec) + "\n")
            n += 1
        st = fetcher.stats
        if n == 0 and st.failed:  # inside: the output is not written
            _summary(output, n, st)
            fail(f"no article fetched ({st.failed[0][0]}: {st.failed[0][1]})", code=1)
    _summary(output, n, st)


def _summary(output: str, n: int, st: FetchStats) -> None:
    click.echo(
        f"conflictmap: {output}: {n} articles ({st.fetched} fetched, {st.from_cache} from the cache"
        f"{f', {st.skipped_old} older than --since left out' if st.skipped_old else ''}); "
        f"{st.requests} requests; {len(st.failed)} failed",
        err=True,
    )
