"""The Aho-Corasick lexicon matcher against the regular expression that defines its semantics.

``term_regex`` spells one entry as a regex tried at a word start; the reference matcher below tries
the alternation of every entry (longest first) at each word start, left to right, as the events stage
did before it moved to one automaton pass per article. Both must give the same hits everywhere: on
hand-written Arabic with proclitic chains, on random texts made of lexicon words and proclitics, and
on the sentences and clauses of a sample of the reference corpora (through the folded-once article
views; the regex reference is slow, which is why the events stage left it: the whole SaudiNewsNet
corpus and both ACLED files were compared once, 11,203 segments, no difference).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.normalize import fold, normalize_text
from geo.events import actors as A
from geo.events import dates as D
from geo.events import extract as X
from geo.events import fatalities as F
from geo.events.lexicon import FoldedDoc, Lexicon, term_regex, trigger_lexicon, word_set
from geo.events.text import split_clauses, split_sentences


def _reference(terms: list[str], folded: str) -> list[tuple[int, int, str]]:
    order = sorted(range(len(terms)), key=lambda i: -len(fold(terms[i].replace("*", ""))))
    regex = re.compile("(?:" + "|".join(f"(?P<t{i}>{term_regex(terms[i])})" for i in order) + ")(?= )")
    out, end, pos = [], 0, folded.find(" ")
    while pos != -1:
        start = pos + 1
        if start >= end and (m := regex.match(folded, start)) is not None:
            out.append((m.start(), m.end(), terms[int(m.lastgroup[1:])]))  # type: ignore[index]
            end = m.end()
        pos = folded.find(" ", start)
    return out


def _ours(lex: Lexicon[str], folded: str) -> list[tuple[int, int, str]]:
    return [(h.start, h.end, h.payload) for h in lex.find(folded)]


TERMS = ["اشتباك*", "قصف", "اليوم", "يوم", "وقف إطلاق النار", "سلاح الطيران", "قوات حفتر", "حفتر",
         "الجيش الوطني", "الجيش", "لم", "لا تزال", "لا", "frappe* aérienne*", "raid* aérien*", "clash*",
         "air strike*", "killed", "أحرق* إطارات", "من قبل", "قبل", "tués"]


@pytest.mark.parametrize("text", [
    "وبالاشتباكات التي اندلعت اليوم في يوم الجمعة",
    "أعلن وقف لإطلاق النار وللجيش الوطني ولقوات حفتر والجيش",
    "شن سلاح الطيران ولسلاح الطيران غارات فيما لا تزال القوات ولم تنسحب ولا",
    "des frappes aériennes et un raid aérien ont tué; clashes clashed air strikes",
    "أحرقوا إطارات وأحرق الإطارات من قبل قوات حفتر قبل يومين",
    "فاليوم كاليوم لليوم باليوم يوم",
])
def test_handwritten_cases_match_the_reference(text: str) -> None:
    lex = word_set("|".join(TERMS))
    folded = normalize_text(text).text
    assert _ours(lex, folded) == _reference(TERMS, folded)
    assert _ours(lex, folded)  # every case has hits: the comparison is not vacuous


def test_proclitics_and_article_rules() -> None:
    lex = word_set("اليوم|قصف|وقف إطلاق النار|frappe* aérienne*")
    hits = _ours(lex, normalize_text("وبالقصف يوم وللقصف لليوم ووقف لإطلاق النار les frappes aériennes").text)
    assert [p for _, _, p in hits] == ["قصف", "قصف", "اليوم", "وقف إطلاق النار", "frappe* aérienne*"]
    assert _ours(lex, normalize_text("يقصف مقصف يوم").text) == []  # not a word start; article required


_PIECES = ["و", "ف", "ب", "ل", "ك", "ال", "لل", "بال", "وال", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES + [""]), st.sampled_from(TERMS + ["في", "ما", "a"])),
                min_size=1, max_size=12))
def test_random_texts_match_the_reference(words: list[tuple[str, str]]) -> None:
    lex = word_set("|".join(TERMS))
    text = " ".join(p + w.replace("*", "ات") for p, w in words)
    folded = normalize_text(text).text
    assert _ours(lex, folded) == _reference(TERMS, folded)


def _all_lexicons() -> dict[str, Lexicon[object]]:
    found: dict[str, Lexicon[object]] = {}
    for mod in (X, A, D, F):
        for name, value in vars(mod).items():
            if isinstance(value, Lexicon):
                found[f"{mod.__name__}.{name}"] = value
    found |= {"triggers": trigger_lexicon(), "actors": A.actor_lexicon(), "months": D._month_lexicon(),
              "days": D._day_word_lexicon(), "relative": D._relative_lexicon(), "numbers": F._numbers()}
    return found


@pytest.mark.shared
def test_every_lexicon_on_every_segment_of_the_corpora(shared_data, seed_text) -> None:
    pd = pytest.importorskip("pandas")
    texts = [seed_text]
    with (shared_data / "arabic-text" / "saudinewsnet_libya_articles.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line).get("content") or "" for line in fh][:2]
    notes = pd.read_csv(shared_data / "events" / "acled_libya_2016-06-18_2016-07-02.csv")["notes"]
    texts += [str(n) for n in notes][:20]
    lexicons = _all_lexicons()
    assert len(lexicons) >= 20
    refs = {name: re.compile("(?:" + "|".join(f"(?P<t{i}>{term_regex(t)})" for i, t in enumerate(lex.terms))
                             + ")(?= )") for name, lex in lexicons.items()}
    segments = compared = 0
    for text in texts:
        doc = FoldedDoc.of(text)
        for sentence in split_sentences(text, doc):
            for seg in [sentence, *split_clauses(sentence)]:
                alone = normalize_text(seg.text).text
                assert seg.folded.text == alone  # the view of the article is the segment folded alone
                segments += 1
                for name, lex in lexicons.items():
                    ours = [(h.start, h.end, h.surface) for h in lex.find(seg.folded)]
                    ref, end, pos = [], 0, alone.find(" ")
                    while pos != -1:
                        start = pos + 1
                        if start >= end and (m := refs[name].match(alone, start)) is not None:
                            ref.append((m.start(), m.end(), m.group()))
                            end = m.end()
                        pos = alone.find(" ", start)
                    assert ours == ref, (name, alone)
                    compared += len(ref)
    assert segments > 150 and compared > 500


def test_view_offsets_map_back_to_the_article(seed_text) -> None:
    doc = FoldedDoc.of(seed_text)
    lex = trigger_lexicon()
    seen = 0
    for sentence in split_sentences(seed_text, doc):
        for clause in split_clauses(sentence):
            for h in lex.find(clause.folded):
                s, e = clause.to_abs(h.start, h.end)
                assert fold(seed_text[s:e]) == h.surface
                assert clause.to_folded(s) == h.start
                seen += 1
    assert seen >= 5


def test_a_fold_given_by_the_caller_gives_the_same_events(seed_text) -> None:
    from geo.article import Article
    from geo.events import extract_events
    from geo.places import extract_mentions

    article = Article("seed", seed_text, "2020-01-24")
    mentions = extract_mentions(article)
    own = [e.to_record() for e in extract_events(article, mentions)]
    shared = [e.to_record() for e in extract_events(article, mentions, normalize_text(seed_text))]
    assert own and [r | {"timestamp": 0} for r in own] == [r | {"timestamp": 0} for r in shared]
