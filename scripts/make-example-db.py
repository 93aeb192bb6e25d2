#!/usr/bin/env python3
"""Builds data/product.db, the example project's SQLite database for `okr sync`.

One table of weekly metric readings, in long form (week, metric, value), as a
product analytics export might keep them. The `product-db` source of okr.toml
reads the newest reading of each metric: `okr sync --dry-run` shows what it
would change. Run from the repository root; the file is rebuilt from scratch,
byte for byte the same each time.
"""

import os
import sqlite3

PATH = os.path.join("data", "product.db")

# (week starting, metric or full KR ref, value). The newest week of each key counts.
READINGS = [
    ("2026-11-16", "activation-rate", 29.5),
    ("2026-11-23", "activation-rate", 30.4),
    ("2026-11-30", "activation-rate", 31.2),
    ("2026-11-23", "calendar-connect", 61),
    ("2026-11-30", "calendar-connect", 64),
    ("2026-11-30", "onboarding-experiments", 9),
    ("2026-11-23", "2026-Q4/growth/pipeline#sqls", 182),
    ("2026-11-30", "2026-Q4/growth/pipeline#sqls", 195),
]


def main() -> None:
    os.makedirs("data", exist_ok=True)
    if os.path.exists(PATH):
        os.remove(PATH)
    db = sqlite3.connect(PATH)
    db.execute("create table weekly_metrics (week text not null, metric text not null, value real not null)")
    db.executemany("insert into weekly_metrics values (?, ?, ?)", READINGS)
    db.commit()
    db.execute("vacuum")
    db.close()
    print(f"wrote {PATH}: {len(READINGS)} readings")


if __name__ == "__main__":
    main()
