"""Search: the query language, the backends (Whoosh, PostgreSQL) and the pages.

Other apps use `forum.search.services` (and `tasks.schedule_index`) only; no
module outside this package imports an engine.
"""
