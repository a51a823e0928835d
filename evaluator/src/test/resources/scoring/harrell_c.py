"""Plain-Python O(n^2) reference for Harrell's C-index, as SurvivalMetric.C_INDEX defines it.

A pair (i, j) is comparable when case i had the event and either time_i < time_j, or the times
are equal and case j is censored; it is concordant when risk_i > risk_j and counts 1/2 when the
risks are equal (R's survival::concordance(Surv(time, event) ~ risk, reverse = TRUE)).

Usage: /usr/bin/python3 harrell_c.py survival-300.csv   (columns id,time,event,risk)
"""
import csv
import sys


def harrell_c(time, event, risk):
    concordant = 0.0
    comparable = 0
    for i in range(len(time)):
        if not event[i]:
            continue
        for j in range(len(time)):
            if time[i] < time[j] or (time[i] == time[j] and not event[j]):
                comparable += 1
                if risk[i] > risk[j]:
                    concordant += 1
                elif risk[i] == risk[j]:
                    concordant += 0.5
    return concordant / comparable if comparable else None


if __name__ == "__main__":
    rows = list(csv.DictReader(open(sys.argv[1])))
    print(repr(harrell_c([float(r["time"]) for r in rows], [r["event"] == "1" for r in rows],
                         [float(r["risk"]) for r in rows])))
