"""Trains the baseline: standardised features + L2 logistic regression, saved with pickle."""
import csv
import pickle
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main(train_path, model_path):
    with open(train_path, newline="") as f:
        rows = list(csv.DictReader(f))
    features = [c for c in rows[0] if c not in ("id", "diagnosis")]
    x = np.array([[float(r[c]) for c in features] for r in rows])
    y = np.array([1 if r["diagnosis"] == "M" else 0 for r in rows])  # 1 = malignant
    model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    model.fit(x, y)
    with open(model_path, "wb") as f:
        pickle.dump({"features": features, "model": model}, f)
    print(f"trained on {len(y)} cases ({y.sum()} malignant), "
          f"training accuracy {model.score(x, y):.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
