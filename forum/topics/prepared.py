"""SQL built by the ORM and run as plain SQL, for the lists' hot queries: several
LIMITed parts as one UNION ALL, one part repeated per category, and queries
compiled once per shape and run with new values (`Prepared`)."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection


def union_sql(querysets) -> tuple[str, tuple]:
    """Several LIMITed queries as one UNION ALL, SQL and parameters ("" when no
    part can match anything). Each stays served by its index; wrapping them in
    sub-selects is what lets SQLite accept ORDER BY and LIMIT inside a compound
    statement, which the ORM refuses."""
    return join_union([compiled(queryset) for queryset in querysets])


def compiled(queryset) -> tuple[str, tuple] | None:
    """The SQL and parameters of `queryset`; None when it can match nothing
    (e.g. `id IN ()`)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def join_union(parts: list[tuple[str, tuple] | None]) -> tuple[str, tuple]:
    """Compiled parts (see `compiled`) as one UNION ALL, skipping empty ones."""
    selects, params = [], []
    for index, part in enumerate(parts):
        if part is not None:
            selects.append(f"SELECT * FROM ({part[0]}) AS part{index}")  # noqa: S608
            params.extend(part[1])
    return " UNION ALL ".join(selects), tuple(params)


def per_category(part, categories: list[int]) -> list[tuple[str, tuple] | None]:
    """`compiled(part(c))` for each category id `c` of `categories`, compiled
    once: the parts differ only in the category's parameter (a category page
    with subcategories has one part per category)."""
    first = compiled(part(argument(0)))
    if first is None:
        return [None for _ in categories]
    sql, params = first
    return [
        (sql, tuple(c if value == argument(0) else value for value in params))
        for c in categories
    ]


def fetch_all(sql: str, params: tuple) -> list[tuple]:
    """The rows of `sql` (none for an empty statement)."""
    if not sql:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def argument(index: int) -> int:
    """What stands for argument `index` while a `Prepared` query is compiled: a
    negative number, which no id, count or flag of these queries ever is."""
    return -(10**12) - index


class Prepared:
    """A query compiled once and run many times with other values: the ORM
    builds it with `argument(i)` where argument i goes, and `run(args)` puts
    the values in place of those parameters and converts the results as the
    ORM does (datetimes and booleans on SQLite). For hot queries whose shape is
    fixed: building SQL through the ORM costs more than running it."""

    def __init__(self, queryset, count: int) -> None:
        compiler = queryset.query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        by_value = {argument(index): index for index in range(count)}
        self.params = tuple(
            (by_value.get(value) if type(value) is int else None, value)
            for value in params
        )
        missing = set(by_value.values()) - {index for index, _ in self.params}
        if missing:
            raise ValueError(f"arguments {sorted(missing)} are not in the query")
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = tuple(compiler.get_converters(fields).items())

    def run(self, args) -> list[tuple]:
        params = [
            value if index is None else args[index] for index, value in self.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted
