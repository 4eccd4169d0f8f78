"""Meridian's rows in Discourse's JSON shapes (field names as Discourse spells
them). Plain functions over rows the views fetched: they run no queries of
their own beyond what the rows were fetched with."""
