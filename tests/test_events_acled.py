"""Event type and date against ACLED's own coding of its English notes (../shared/data/events).

Each note is read as an article dated with ACLED's event_date (as a report published that day); the
first event we extract is compared with ACLED's row. The 2016 file uses ACLED's old taxonomy, mapped
to the current one below. The figures are printed in the test output.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from geo.article import Article
from geo.events import article_events

OLD_TO_NEW = {
    "Battle-Government regains territory": {"Battles"},
    "Battle-No change of territory": {"Battles"},
    "Battle-Non-state actor overtakes territory": {"Battles"},
    "Remote violence": {"Explosions/Remote violence"},
    "Violence against civilians": {"Violence against civilians"},
    "Riots/Protests": {"Protests", "Riots"},
    "Non-violent transfer of territory": {"Strategic developments"},
    "Strategic development": {"Strategic developments"},
    "Headquarters or base established": {"Strategic developments"},
}


def _iso(value: str) -> str:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    raise ValueError(value)


def _score(shared_data, name: str) -> tuple[int, int, int, list[str], int, int, int]:
    pd = pytest.importorskip("pandas")
    rows = pd.read_csv(shared_data / "events" / name)
    n = ok_type = ok_date = ok_fat = fat_tool = fat_acled = 0
    misses: list[str] = []
    for i, r in rows.iterrows():
        gold_date = _iso(str(r["event_date"]))
        gold_types = OLD_TO_NEW.get(r["event_type"], {r["event_type"]})
        events = article_events(Article(f"{name}:{i}", str(r["notes"]), gold_date))
        n += 1
        if not events:
            misses.append(f"none  | {r['event_type']} | {str(r['notes'])[:90]}")
            continue
        e = events[0]
        ok_type += e.event_type in gold_types
        ok_date += e.event_date == gold_date
        ok_fat += e.fatalities == int(r["fatalities"])
        fat_tool += e.fatalities
        fat_acled += int(r["fatalities"])
        if e.event_type not in gold_types:
            misses.append(f"{e.event_type} | {r['event_type']} | {str(r['notes'])[:90]}")
    return n, ok_type, ok_date, misses, ok_fat, fat_tool, fat_acled


@pytest.mark.shared
@pytest.mark.parametrize("name", ["acled_libya_2020-04-27_2020-05-09.csv", "acled_libya_2016-06-18_2016-07-02.csv"])
def test_acled_notes_event_type_and_date(shared_data, capsys, name: str) -> None:
    n, ok_type, ok_date, misses, ok_fat, fat_tool, fat_acled = _score(shared_data, name)
    type_acc, date_acc = ok_type / n, ok_date / n
    with capsys.disabled():
        print(f"\n[events] {name}: {n} notes, event_type accuracy {type_acc:.3f}, "
              f"event_date accuracy {date_acc:.3f}; fatalities of the first event = ACLED's on {ok_fat}/{n} "
              f"(total {fat_tool}, ACLED {fat_acled})")
    # the targets (issue 13), reached on both files on 2026-12-02 (2020: 0.975 / 0.984; 2016: 0.981 / 1.0)
    assert type_acc >= 0.95, f"event_type accuracy {type_acc:.3f} < 0.95; misses:\n" + "\n".join(misses)
    assert date_acc >= 0.95, f"event_date accuracy {date_acc:.3f} < 0.95"
