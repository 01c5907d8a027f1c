"""Queries an `annals export parquet` directory with DuckDB and prints, as one JSON
object, what tests/suite/parquet.rs compares with annals' own answers: the row counts,
events per year (from the Hive partitions), and one actor's timeline, whole and within
a date window, as event ids in timeline order.

usage: query.py DIR --actor ID --from YYYY-MM-DD --to YYYY-MM-DD
"""

import argparse
import calendar
import datetime
import json
import sys

import duckdb


def seconds(day: str, end_of_day: bool) -> int:
    """Returns the second of a day's start (or its last second) on annals' one scale."""
    date = datetime.date.fromisoformat(day)
    start = calendar.timegm(date.timetuple())
    return start + 86_399 if end_of_day else start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--actor", required=True)
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    args = parser.parse_args()
    con = duckdb.connect()
    root = args.dir.rstrip("/")
    con.execute(
        f"""CREATE VIEW events AS SELECT * FROM read_parquet(
                '{root}/events/**/*.parquet', hive_partitioning = true)"""
    )
    for table in ["actors", "places", "sources", "participations", "relations",
                  "citations", "claims"]:
        con.execute(
            f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{root}/{table}/*.parquet')"
        )
    out = {}
    for table in ["events", "actors", "places", "sources", "relations"]:
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    # A NULL year (the __HIVE_DEFAULT_PARTITION__) sorts last and prints as null.
    out["per_year"] = [
        [year, n]
        for year, n in con.execute(
            "SELECT year, count(*) FROM events GROUP BY year ORDER BY year NULLS LAST"
        ).fetchall()
    ]
    # `--actor X`: events X takes part in, or that a relation links to X.
    actor_events = """
        SELECT event AS id FROM participations WHERE actor = $actor
        UNION SELECT to_id FROM relations WHERE from_id = $actor
        UNION SELECT from_id FROM relations WHERE to_id = $actor"""
    timeline = f"""
        SELECT id FROM events
        WHERE id IN ({actor_events})
          AND ($from IS NULL OR end_latest_s IS NULL OR end_latest_s >= $from)
          AND ($to IS NULL OR start_earliest_s IS NULL OR start_earliest_s <= $to)
        ORDER BY ordinal"""
    whole = {"actor": args.actor, "from": None, "to": None}
    window = {
        "actor": args.actor,
        "from": seconds(args.start, False),
        "to": seconds(args.end, True),
    }
    out["timeline"] = [row[0] for row in con.execute(timeline, whole).fetchall()]
    out["window"] = [row[0] for row in con.execute(timeline, window).fetchall()]
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
