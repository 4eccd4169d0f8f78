"""The words of a search as a PostgreSQL tsquery: built from the parsed query,
resolved to tsquery's text form once, and rewritten so phrases are asked as the
word pairs every indexed vector holds (see docs/search.md)."""

from __future__ import annotations

import functools
import re
from itertools import pairwise

from django.db import connection

from . import SearchRequest

CONFIG = "english"
RESOLVED = 4096  # queries whose tsquery text is kept in each process
_PREFIX_CHARS = re.compile(r"[^\w.]")
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_OPERATORS = re.compile(r"[&!<]")
# tsquery's text form: quoted lexemes (with any weight or prefix mark), operators.
_TSQUERY_TOKEN = re.compile(r"'(?:[^']|'')*'(?::[*A-Da-d]+)?|<\d*-?>|[&|!()]")


def tsquery_sql(request: SearchRequest, corrections: dict[str, list[str]]):
    """The words and phrases as one tsquery expression and its parameters."""
    query = request.query
    parts, params = [], []
    for position, word in enumerate(query.words):
        if request.prefix and position == len(query.words) - 1:
            stem = _PREFIX_CHARS.sub("", word).strip(".")
            if len(stem) >= 3:
                parts.append(
                    f"(plainto_tsquery('{CONFIG}', %s) || to_tsquery('{CONFIG}', %s))"
                )
                params += [word, f"'{stem}':*"]
                continue
        spellings = [word, *corrections.get(word.lower(), [])]
        parts.append(
            "("
            + " || ".join([f"plainto_tsquery('{CONFIG}', %s)"] * len(spellings))
            + ")"
        )
        params += spellings
    for phrase in query.phrases:
        parts.append(f"phraseto_tsquery('{CONFIG}', %s)")
        params.append(phrase)
    return " && ".join(parts), params


def resolve(tsquery: str, params: list) -> str:
    """The query's words as PostgreSQL parses them, in tsquery's text form (empty
    when they are all stop words), so every later statement takes it as a value."""
    return _resolved(tsquery, tuple(params))


# The same words parse the same way while the text search configuration stays
# (it changes only with a migration, which restarts the processes): the searches
# people repeat most skip this round trip.
@functools.lru_cache(maxsize=RESOLVED)
def _resolved(tsquery: str, params: tuple[str, ...]) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({tsquery})::text", params)
        return cursor.fetchone()[0]


def with_pairs(tsquery: str) -> str:
    """`tsquery` with each phrase of adjacent words asked as the word pairs every
    vector also holds (`search_pairs`): two words become one pair, found in the
    GIN index without reading a vector; a longer phrase needs all its pairs and
    is then checked whole."""
    tokens = _TSQUERY_TOKEN.findall(tsquery)
    out: list[str] = []
    start = 0
    while start < len(tokens):
        end = start
        while (
            end + 2 < len(tokens)
            and _is_lexeme(tokens[end])
            and tokens[end + 1] == "<->"
            and _is_lexeme(tokens[end + 2])
        ):
            end += 2
        before = tokens[start - 1] if start else ""
        after = tokens[end + 1] if end + 1 < len(tokens) else ""
        if end == start or before.startswith("<") or after.startswith("<"):
            out.append(tokens[start])
            start += 1
            continue
        run = tokens[start : end + 1 : 2]
        pairs = [f"'{a[1:-1]} {b[1:-1]}'" for a, b in pairwise(run)]
        if len(run) > 2:
            pairs.append(" ".join(tokens[start : end + 1]))
        out.append("( " + " & ".join(pairs) + " )" if len(pairs) > 1 else pairs[0])
        start = end + 1
    return " ".join(out)


def _is_lexeme(token: str) -> bool:
    return token.startswith("'") and token.endswith("'")


def one_term(tsquery: str) -> bool:
    """Whether `tsquery` is one word or alternatives of one word (no AND, NOT or
    phrase): a topic has it exactly when one of its posts does."""
    return not _OPERATORS.search(_QUOTED.sub("", tsquery))
