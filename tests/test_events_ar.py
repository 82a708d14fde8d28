"""The project's own Arabic event test set (tests/data/events_ar.jsonl, written for this project)."""

from __future__ import annotations

import json
from pathlib import Path

from geo.article import Article
from geo.events import article_events

DATA = Path(__file__).parent / "data" / "events_ar.jsonl"


def _matches(e, x) -> bool:
    blocs_ok = ((e.actor1_bloc, e.actor2_bloc) == (x["actor1_bloc"], x["actor2_bloc"]) or
                # In a clash neither side is the initiator by necessity: ACLED's order is not meaningful.
                (x["sub_event_type"] == "Armed clash" and
                 {e.actor1_bloc, e.actor2_bloc} == {x["actor1_bloc"], x["actor2_bloc"]}))
    return (e.event_type == x["event_type"] and e.sub_event_type == x["sub_event_type"] and blocs_ok
            and e.location == x["place"] and e.event_date == x["event_date"])


def test_arabic_event_set(capsys) -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40
    wrong = []
    for r in rows:
        events = article_events(Article(r["id"], r["text"], r["date"]))
        if not r["expected"]:
            ok = not events
        else:
            ok = bool(events) and _matches(events[0], r["expected"][0])
        if not ok:
            wrong.append(f"{r['id']}: {r['text']} -> {[e.to_record()['sub_event_type'] for e in events]}")
    acc = 1 - len(wrong) / len(rows)
    with capsys.disabled():
        print(f"\n[events] Arabic set: {len(rows)} sentences, exact (type, sub-type, blocs, place, date) {acc:.3f}")
    assert acc >= 0.9, "\n".join(wrong)
