"""Facets of a searchable view counted in one pass over its rows (Datasette 0.65).

Datasette counts each column facet with a statement of its own, one after the other:
with the table's search box on the 1,000,000-post archive, each of them runs the full-text
match again, looks up every matching post (150,000 for a common word) and groups them,
about 200 ms apiece, so the handle, date and status facets of the posts view took some
600 ms of a 640 ms page, and one of them hit Datasette's facet time limit. A facet of type
`one_pass` (metadata: `facets: [{one_pass: handle}, ...]`) is counted with the table's
other `one_pass` facets in one statement: the matching rows' faceted columns are read
once into a materialized CTE, and each facet groups that. Without a search, each facet
is counted alone as Datasette does (an unfiltered facet reads its column's index, faster
than a pass over every row).

Its results are Datasette's column facets to the page, the JSON and the links (type
"column", `?handle=…` to select a value); a column facet added with `?_facet=` is
Datasette's own as before.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class OnePassFacet(ColumnFacet):
    type = "one_pass"

    async def suggest(self):
        return []

    async def facet_results(self):
        configs = self.get_configs()
        if not configs:
            return [], []
        if not any(k.startswith("_search") and self.request.args.get(k)
                   for k in self.request.args.keys()):
            # No search: each facet alone can use its column's index (grouping a million
            # rows read once would be slower), as Datasette counts them.
            results, timed_out = await super().facet_results()
            return [{**r, "type": ColumnFacet.type} for r in results], timed_out
        columns = [c["config"].get("column") or c["config"]["simple"] for c in configs]
        facet_size = self.get_facet_size()
        read = ", ".join(escape_sqlite(c) for c in dict.fromkeys(columns))
        counts = " UNION ALL ".join(
            f"SELECT {i} AS facet, value, count FROM (SELECT {escape_sqlite(c)} AS value,"
            f" count(*) AS count FROM matched WHERE {escape_sqlite(c)} IS NOT NULL"
            f" GROUP BY {escape_sqlite(c)} ORDER BY count DESC, value LIMIT {facet_size + 1})"
            for i, c in enumerate(columns))
        sql = f"WITH matched AS MATERIALIZED (SELECT {read} FROM ({self.sql})) {counts}"
        try:
            found = await self.ds.execute(
                self.database, sql, self.params, truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms") * len(columns))
        except QueryInterrupted:
            return [], columns
        by_facet: dict[int, list] = {i: [] for i in range(len(columns))}
        for row in found.rows:
            by_facet[row["facet"]].append(row)
        qs_pairs = self.get_querystring_pairs()
        results = []
        for i, (column, config) in enumerate(zip(columns, configs)):
            rows = by_facet[i]
            values = []
            results.append({
                "name": column, "type": ColumnFacet.type,
                "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(
                    self.request, {"_facet_one_pass": column})),
                "results": values, "truncated": len(rows) > facet_size,
            })
            shown = rows[:facet_size]
            expanded = await self.ds.expand_foreign_keys(
                self.database, self.table, column, [r["value"] for r in shown]) \
                if self.table else {}
            for row in shown:
                column_qs = f"{column}__exact" if column.startswith("_") else column
                selected = (column_qs, str(row["value"])) in qs_pairs
                toggle = (path_with_removed_args(self.request, {column_qs: str(row["value"])})
                          if selected else
                          path_with_added_args(self.request, {column_qs: row["value"]}))
                values.append({
                    "value": row["value"],
                    "label": expanded.get((column, row["value"]), row["value"]),
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                    "selected": selected,
                })
        return results, []


@hookimpl
def register_facet_classes():
    return [OnePassFacet]
