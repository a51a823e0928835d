#!/usr/bin/env python3
"""Harrell's concordance index of a predictions file against survival labels, standard library only.

A reference for competitors (e.g. to score a cross-validation on public/train.csv) and for
organizers checking the platform's scorer. O(n^2): fine for a few thousand cases.

Definition (Harrell's C, as in R's survival::concordance with the default Harrell weights):
  - a pair (i, j) is comparable when the one with the shorter time had the event:
    time_i < time_j and event_i = 1; or equal times where i had the event and j was censored
    (j is known to have been event-free at that time). Pairs with equal times that both had the
    event, or where the shorter time is censored, are not comparable.
  - a comparable pair is concordant when risk_i > risk_j (the earlier event got the higher risk),
    discordant when risk_i < risk_j, and counts 1/2 when risk_i == risk_j.
  - C = (concordant + ties / 2) / comparable pairs.

Usage: c_index.py LABELS_CSV PREDICTIONS_CSV
       (labels: id,time,event; predictions: id,risk; higher risk = earlier expected event)
"""
import csv
import math
import sys


def harrell_c(time, event, risk):
    concordant = discordant = tied = 0
    n = len(time)
    for i in range(n):
        if not event[i]:
            continue
        for j in range(n):
            if i == j:
                continue
            if time[i] < time[j] or (time[i] == time[j] and not event[j]):
                if risk[i] > risk[j]:
                    concordant += 1
                elif risk[i] < risk[j]:
                    discordant += 1
                else:
                    tied += 1
    comparable = concordant + discordant + tied
    return (concordant + tied / 2) / comparable, concordant, discordant, tied


def main(labels_path, predictions_path):
    with open(labels_path, newline="") as f:
        labels = {r["id"]: (float(r["time"]), int(r["event"])) for r in csv.DictReader(f)}
    with open(predictions_path, newline="") as f:
        predictions = {r["id"]: float(r["risk"]) for r in csv.DictReader(f)}
    if set(predictions) != set(labels) or not all(map(math.isfinite, predictions.values())):
        sys.exit("predictions must give one finite risk for every labelled id")
    ids = sorted(labels)
    c, con, dis, tie = harrell_c([labels[i][0] for i in ids], [labels[i][1] for i in ids],
                                 [predictions[i] for i in ids])
    print(f"Harrell's C = {c:.6f} ({con} concordant, {dis} discordant, {tie} tied in risk, "
          f"{con + dis + tie} comparable pairs, {len(ids)} cases)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
