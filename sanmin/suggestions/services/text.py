"""Chinese text help for the office: duplicate detection and the suggested department.

The model (numbered, as the services below use it):

1. `segment`: jieba in precise mode, on our own tokenizer (the package's default
   dictionary plus data/userdict.txt), initialised once, lazily and quietly. A word is
   kept when it has two or more characters, is not in data/stopwords.txt and is not
   just digits or punctuation.
2. A suggestion's weighted terms (`terms_weigh`): a word counts TITLE_BOOST times in
   the title and once in the text; its weight is (1 + ln tf) × idf, where idf is the
   static inverse document frequency shipped with jieba (a large general corpus; a
   word it does not know gets the median). The MAX_TERMS heaviest words are kept and
   their weights scaled to a unit vector, so the cosine of two suggestions is the sum
   of the products of the weights of the words they share. Static weights keep
   indexing cheap inside the submit transaction and stable as the corpus grows (no
   stored weight goes stale); the corpus' own document frequencies are used where
   they matter, in choosing which postings to read (step 3).
3. `similar_find`: (a) the query's terms, each ranked by weight × corpus idf (the
   document frequency counted on the term index, capped at DF_CAP); (b)
   the postings of the QUERY_TERMS best of them, at most POSTINGS per term, heaviest
   first (index term, -weight, suggestion); (c) a partial score per case from those
   postings, keeping the CANDIDATES best; (d) for those only, the weights of every
   query word they have, giving the exact cosine, and their status (merged cases and
   the suggestion itself are left out). The work is bounded by QUERY_TERMS ×
   POSTINGS rows whatever the size of the corpus.
4. `department_suggest`: a vote of the nearest earlier cases that were assigned (each
   votes with its cosine for the lead departments of its items), blended with the
   topic's history (the share of items of the same topic each department led). No
   history gives no hint: the office always decides.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Count, Max

from sanmin.suggestions.models import Item, Status, Suggestion, SuggestionTerm

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sanmin.campaigns.models import Department

DATA = Path(__file__).resolve().parent.parent / "data"
TITLE_BOOST = 2.0
MAX_TERMS = 30
TERM_MAX_LENGTH = 24  # SuggestionTerm.term
QUERY_TERMS = 8
DF_CAP = 2000
POSTINGS = 1000
CANDIDATES = 200
SIMILAR_MIN = 0.1
NEIGHBOURS = 20
SHARED_SHOWN = 6
KNN_SHARE = 0.7  # the rest of a hint's score is the topic's history

# The blocks jieba cuts one by one (its own re_han_default): segmenting block by block
# gives the same words as segmenting the whole text, and lets repeated blocks be
# cached.
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_HAN = re.compile(r"[\u4E00-\u9FFF]")
_LATIN_WORD = re.compile(r"^[a-z][a-z0-9+#&._\-]*$|^[0-9]+[a-z][a-z0-9]*$")

_lock = threading.Lock()
_tokenizer: Any = None


@dataclass(frozen=True)
class Similar:
    """A case like the query, with the words they share (the reason shown)."""

    suggestion_id: int
    number: str
    title: str
    status: str
    score: float
    shared: list[str]

    @property
    def pk(self) -> int:
        return self.suggestion_id

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class DepartmentHint:
    """A department the history points to, how strongly (0..1) and why."""

    department: Department
    score: float
    reason: str


# Segmentation ---------------------------------------------------------------------


def _jieba() -> Any:
    """The tokenizer, built on first use; jieba's progress lines are silenced."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                logging.getLogger("jieba").setLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(DATA / "userdict.txt"))
                _tokenizer = tokenizer
    return _tokenizer


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    lines = (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """jieba's static idf table and its median (for words it does not know)."""
    import jieba

    # Read directly: importing jieba.analyse would also load its part-of-speech
    # tables (seconds, unused here).
    path = Path(jieba.__file__).resolve().parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def _keep(word: str) -> bool:
    if len(word) < 2 or len(word) > TERM_MAX_LENGTH or word in _stopwords():
        return False
    return bool(_HAN.search(word) or _LATIN_WORD.match(word))


@lru_cache(maxsize=65536)
def _block_words(block: str) -> tuple[str, ...]:
    words = _jieba().lcut(block, cut_all=False, HMM=True)
    return tuple(word for word in (w.lower() for w in words) if _keep(word))


def segment(text: str) -> list[str]:
    """The meaningful words of `text`, in order (jieba precise mode, filtered)."""
    words: list[str] = []
    for block in _BLOCK.findall(text or ""):
        words.extend(_block_words(block))
    return words


# Weighted terms and the index -----------------------------------------------------


def terms_weigh(*, title: str, text: str) -> dict[str, float]:
    """The MAX_TERMS heaviest words of a suggestion as a unit vector (see step 2)."""
    counts: dict[str, float] = defaultdict(float)
    for word in segment(title):
        counts[word] += TITLE_BOOST
    for word in segment(text):
        counts[word] += 1
    if not counts:
        return {}
    idf, median = _idf()
    raw = {
        word: (1 + math.log(tf)) * idf.get(word, median) for word, tf in counts.items()
    }
    top = sorted(raw.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_TERMS]
    norm = math.sqrt(sum(weight * weight for _, weight in top))
    return {word: weight / norm for word, weight in top}


def terms_index(*, suggestion: Suggestion) -> None:
    """Replace the suggestion's rows in the term index (one delete, one insert)."""
    weights = terms_weigh(title=suggestion.title, text=suggestion.text)
    with transaction.atomic():
        SuggestionTerm.objects.filter(suggestion=suggestion).delete()
        SuggestionTerm.objects.bulk_create(
            SuggestionTerm(suggestion=suggestion, term=term, weight=weight)
            for term, weight in weights.items()
        )


def terms_reindex(*, batch: int = 500) -> int:
    """Rebuild the whole term index in batches of `batch` cases (constant memory);
    returns how many cases were indexed."""
    done = 0
    last = 0
    while True:
        rows = list(
            Suggestion.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "text")[:batch]
        )
        if not rows:
            return done
        with transaction.atomic():
            ids = [pk for pk, _, _ in rows]
            SuggestionTerm.objects.filter(suggestion_id__in=ids).delete()
            SuggestionTerm.objects.bulk_create(
                SuggestionTerm(suggestion_id=pk, term=term, weight=weight)
                for pk, title, text in rows
                for term, weight in terms_weigh(title=title, text=text).items()
            )
        done += len(rows)
        last = rows[-1][0]


# Similar cases --------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    suggestion_id: int
    score: float
    shared: list[str]


def _query(*, suggestion: Suggestion | None, text: str) -> dict[str, float]:
    if suggestion is not None and suggestion.pk:
        stored = dict(
            SuggestionTerm.objects.filter(suggestion=suggestion).values_list(
                "term", "weight"
            )
        )
        if stored:
            return stored
        return terms_weigh(title=suggestion.title, text=suggestion.text)
    if suggestion is not None:
        return terms_weigh(title=suggestion.title, text=suggestion.text)
    return terms_weigh(title="", text=text)


def _table() -> str:
    return connection.ops.quote_name(SuggestionTerm._meta.db_table)


def _ranked_terms(query: dict[str, float]) -> list[str]:
    """The query's words, best first for finding candidates: weight × corpus idf.

    Document frequencies are counted on the index up to DF_CAP each (a word in more
    cases than that is common, whatever its exact count), so this one query reads
    at most MAX_TERMS × DF_CAP index entries; the corpus size is the highest case id.
    """
    terms = list(query)
    words = " UNION ALL ".join("SELECT %s AS term" for _ in terms)
    sql = (
        "SELECT q.term, (SELECT COUNT(*) FROM (SELECT 1 FROM "  # noqa: S608
        f"{_table()} t WHERE t.term = q.term LIMIT {DF_CAP}) c) FROM ({words}) q"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, terms)
        frequencies = dict(cursor.fetchall())
    corpus = Suggestion.objects.aggregate(top=Max("pk"))["top"] or 1
    ranks = {
        term: query[term] * math.log(1 + corpus / documents)
        for term, documents in frequencies.items()
        if documents
    }
    return sorted(ranks, key=lambda term: (-ranks[term], term))


def _postings(terms: list[str]) -> list[tuple[int, str, float]]:
    """At most POSTINGS (case, term, weight) rows per term, heaviest first: one
    query, each part read from the (term, -weight, suggestion) index."""
    part = (
        f"SELECT * FROM (SELECT suggestion_id, term, weight FROM {_table()} "  # noqa: S608
        f"WHERE term = %s ORDER BY weight DESC LIMIT {POSTINGS}) p{{}}"
    )
    sql = " UNION ALL ".join(part.format(n) for n in range(len(terms)))
    with connection.cursor() as cursor:
        cursor.execute(sql, terms)
        return cursor.fetchall()


def _matches(query: dict[str, float], *, exclude: Iterable[int]) -> list[_Match]:
    """Every candidate case with its exact cosine, best first (steps 3a–3d)."""
    terms = _ranked_terms(query)[:QUERY_TERMS]
    if not terms:
        return []
    partial: dict[int, float] = defaultdict(float)
    for suggestion_id, term, weight in _postings(terms):
        partial[suggestion_id] += query[term] * weight
    for pk in exclude:
        partial.pop(pk, None)
    best = sorted(partial, key=lambda pk: -partial[pk])[:CANDIDATES]
    if not best:
        return []
    contributions: dict[int, dict[str, float]] = defaultdict(dict)
    rows = SuggestionTerm.objects.filter(
        suggestion_id__in=best, term__in=list(query)
    ).values_list("suggestion_id", "term", "weight")
    for suggestion_id, term, weight in rows:
        contributions[suggestion_id][term] = query[term] * weight
    matches = []
    for suggestion_id, shared in contributions.items():
        score = min(sum(shared.values()), 1.0)
        words = sorted(shared, key=lambda term: (-shared[term], term))
        matches.append(_Match(suggestion_id, score, words))
    matches.sort(key=lambda match: (-match.score, -match.suggestion_id))
    return matches


def similar_find(
    *, suggestion: Suggestion | None = None, text: str = "", limit: int = 5
) -> list[Similar]:
    """The cases most like `suggestion` (or like `text`), best first, with the words
    they share: the suggestion itself and merged cases are left out, and so is any
    case scoring below SIMILAR_MIN. See the module docstring, step 3."""
    query = _query(suggestion=suggestion, text=text)
    if not query or limit <= 0:
        return []
    exclude = [suggestion.pk] if suggestion is not None and suggestion.pk else []
    matches = [m for m in _matches(query, exclude=exclude) if m.score >= SIMILAR_MIN]
    cases = {
        pk: (number, title, status)
        for pk, number, title, status in Suggestion.objects.filter(
            pk__in=[match.suggestion_id for match in matches]
        )
        .exclude(status=Status.MERGED)
        .values_list("pk", "number", "title", "status")
    }
    found = []
    for match in matches:
        if match.suggestion_id not in cases:
            continue
        number, title, status = cases[match.suggestion_id]
        found.append(
            Similar(
                suggestion_id=match.suggestion_id,
                number=number,
                title=title,
                status=status,
                score=round(match.score, 3),
                shared=match.shared[:SHARED_SHOWN],
            )
        )
        if len(found) == limit:
            break
    return found


# The suggested department ---------------------------------------------------------


def _topic_history(*, suggestion: Suggestion) -> Counter[int]:
    """Items of the same topic (by code, across campaigns) per lead department."""
    rows = (
        Item.objects.filter(suggestion__topic__code=suggestion.topic.code)
        .exclude(suggestion=suggestion)
        .values("lead")
        .annotate(n=Count("pk"))
        .values_list("lead", "n")
    )
    return Counter(dict(rows))


def department_suggest(
    *, suggestion: Suggestion, limit: int = 3
) -> list[DepartmentHint]:
    """Departments to lead the case, from past assignments (module docstring, step 4):

    1. the NEIGHBOURS most similar earlier cases that have items each vote their
       cosine for every department that leads one of their items;
    2. the topic's history gives each department its share of the topic's items;
    3. score = KNN_SHARE × the department's share of the votes + the rest × its topic
       share (only the topic share when no similar case was assigned);
    4. the reason names the count of similar cases and the words most often shared
       with them, and the count in the topic.
    """
    from sanmin.campaigns.models import Department

    query = _query(suggestion=suggestion, text="")
    matches = [
        m
        for m in (_matches(query, exclude=[suggestion.pk]) if query else [])
        if m.score >= SIMILAR_MIN
    ]
    leads: dict[int, set[int]] = defaultdict(set)
    for suggestion_id, lead_id in Item.objects.filter(
        suggestion_id__in=[match.suggestion_id for match in matches]
    ).values_list("suggestion_id", "lead_id"):
        leads[suggestion_id].add(lead_id)
    votes: dict[int, float] = defaultdict(float)
    cases: Counter[int] = Counter()
    words: dict[int, Counter[str]] = defaultdict(Counter)
    neighbours = [match for match in matches if match.suggestion_id in leads]
    for match in neighbours[:NEIGHBOURS]:
        for lead_id in leads[match.suggestion_id]:
            votes[lead_id] += match.score
            cases[lead_id] += 1
            words[lead_id].update(match.shared[:3])
    topic = _topic_history(suggestion=suggestion)
    vote_total = sum(votes.values())
    topic_total = sum(topic.values())
    scores: dict[int, float] = {}
    for department_id in set(votes) | set(topic):
        topic_share = topic[department_id] / topic_total if topic_total else 0.0
        if vote_total:
            share = votes[department_id] / vote_total
            scores[department_id] = KNN_SHARE * share + (1 - KNN_SHARE) * topic_share
        else:
            scores[department_id] = topic_share
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
    departments = Department.objects.in_bulk(best)
    hints = []
    for department_id in best:
        reasons = []
        if cases[department_id]:
            keywords = "、".join(
                word for word, _ in words[department_id].most_common(3)
            )
            reasons.append(
                f"相似建议{cases[department_id]}件由该部门主办；关键词：{keywords}"
            )
        if topic[department_id]:
            reasons.append(
                f"“{suggestion.topic.name}”领域建议中该部门主办{topic[department_id]}件"
            )
        hints.append(
            DepartmentHint(
                department=departments[department_id],
                score=round(scores[department_id], 3),
                reason="；".join(reasons),
            )
        )
    return hints
