"""Print requests, errors and p95 per page from locust's CSV (`<prefix>_stats.csv`).

Exit status 1 when any request failed, so `make loadtest` fails on errors.
"""

import csv
import sys


def main(prefix: str) -> int:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    width = max(len(row["Name"]) for row in rows)
    print(f"\n{'page':<{width}}  {'requests':>8}  {'errors':>6}  {'p95 ms':>7}  {'median ms':>9}")
    total = None
    for row in rows:
        line = (f"{row['Name']:<{width}}  {row['Request Count']:>8}  {row['Failure Count']:>6}  "
                f"{row['95%']:>7}  {row['50%']:>9}")
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(line)
    if total is None:
        return 1
    print("-" * (width + 38))
    print(f"{'all pages':<{width}}  {total['Request Count']:>8}  {total['Failure Count']:>6}  "
          f"{total['95%']:>7}  {total['50%']:>9}   ({float(total['Requests/s']):.1f} requests/s)")
    return 1 if int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
