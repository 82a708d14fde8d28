"""``conflictmap review report``: reviews by status, reason and reviewer, and the trigger phrases
analysts rejected as "not an event" — material for a person deciding whether a rule should change."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from typing import Any

from maps.review.backend import open_backend


def build_report(store: str | os.PathLike[str]) -> dict[str, Any]:
    st = open_backend(store, readonly=True)
    try:
        layers = st.load(include_rejected=True)
        reviews = st.reviews()
        audit = st.audit()
    finally:
        st.close()
    by_id = {e["event_id_cnty"]: e for e in layers.events}
    status = Counter(r["status"] for r in reviews.values())
    reasons = Counter(r.get("reason") or "" for r in reviews.values() if r["status"] == "rejected")
    reviewers = Counter(r.get("reviewer") or "" for r in reviews.values())
    fields = Counter(a["field"] for a in audit if a["field"] not in ("x_review", "merged_into"))
    triggers: dict[str, dict[str, Any]] = defaultdict(lambda: {"count": 0, "events": [], "types": Counter()})
    for eid, r in sorted(reviews.items()):
        if r["status"] != "rejected" or r.get("reason") != "not_an_event":
            continue
        ev = by_id.get(eid, {})
        phrase = str(ev.get("x_trigger") or "").strip() or "(no trigger recorded)"
        t = triggers[phrase]
        t["count"] += 1
        t["events"].append(eid)
        t["types"][str(ev.get("event_type") or "")] += 1
    trig = [{"trigger": k, "count": v["count"], "event_types": dict(v["types"]), "events": v["events"]}
            for k, v in sorted(triggers.items(), key=lambda kv: (-kv[1]["count"], kv[0]))]
    return {"events": len(layers.events), "reviewed": len(reviews), "unreviewed": len(layers.events) - len(
        [e for e in reviews if e in by_id]), "by_status": dict(status), "rejected_by_reason": dict(reasons),
        "by_reviewer": dict(reviewers), "corrected_fields": dict(fields), "audit_rows": len(audit),
        "rejected_triggers": trig}


def format_report(rep: dict[str, Any]) -> str:
    lines = [f"{rep['events']} events, {rep['reviewed']} reviewed, {rep['unreviewed']} unreviewed; "
             f"{rep['audit_rows']} audit rows"]
    for title, key in (("By status", "by_status"), ("Rejected, by reason", "rejected_by_reason"),
                       ("By reviewer", "by_reviewer"), ("Corrected fields", "corrected_fields")):
        if rep[key]:
            lines.append(f"{title}:")
            lines += [f"  {n:5d}  {k}" for k, n in sorted(rep[key].items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append('Trigger phrases of events rejected as "not an event" (for you to judge; no rule was changed):')
    if not rep["rejected_triggers"]:
        lines.append("  none")
    for t in rep["rejected_triggers"]:
        types = ", ".join(f"{k} {v}" for k, v in t["event_types"].items())
        lines.append(f"  {t['count']:5d}  {t['trigger']}  ({types}; {', '.join(t['events'][:5])}"
                     + (" ..." if len(t["events"]) > 5 else "") + ")")
    return "\n".join(lines) + "\n"
