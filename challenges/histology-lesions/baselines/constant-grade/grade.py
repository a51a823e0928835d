"""Constant grader for histology-lesions (grading phase): every case gets the grade
frequencies of the training set as its class probabilities. Standard library only.

  grade.py --fit public/train/grades.csv prior.csv   (at build time)
  grade.py /input/cases.csv /output/grades.csv        (in the sandbox)
"""
import csv
import sys

GRADES = ["g0", "g1", "g2", "g3"]
PRIOR = "/model/prior.csv"


def fit(grades_csv, out):
    with open(grades_csv, newline="") as f:
        grades = [row["grade"] for row in csv.DictReader(f)]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(GRADES)
        # add-one smoothing: a grade absent from training keeps a little probability
        w.writerow([(grades.count(g) + 1) / (len(grades) + len(GRADES)) for g in GRADES])


def predict(cases_csv, out):
    with open(PRIOR, newline="") as f:
        prior = list(csv.reader(f))[1]
    with open(cases_csv, newline="") as f:
        cases = [row["case"] for row in csv.DictReader(f)]
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case"] + GRADES)
        for case in cases:
            w.writerow([case] + prior)


if __name__ == "__main__":
    if sys.argv[1] == "--fit":
        fit(sys.argv[2], sys.argv[3])
    else:
        predict(sys.argv[1], sys.argv[2])
