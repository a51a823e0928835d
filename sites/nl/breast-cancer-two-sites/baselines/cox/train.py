"""Trains the baseline: a Cox proportional-hazards model on the standardised covariates.

Breslow's approximation for tied event times; the partial log-likelihood is maximised with
scipy.optimize (Newton's method with a trust region, exact gradient and Hessian). numpy and
scipy only. Saves the coefficients and the standardisation as JSON.

Usage: train.py TRAIN_CSV MODEL_JSON
"""
import csv
import json
import sys

import numpy as np
from scipy.optimize import minimize

NOT_COVARIATES = ("id", "time", "event")


def read_train(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    covariates = [c for c in rows[0] if c not in NOT_COVARIATES]
    x = np.array([[float(r[c]) for c in covariates] for r in rows])
    time = np.array([float(r["time"]) for r in rows])
    event = np.array([int(r["event"]) for r in rows])
    return covariates, x, time, event


class BreslowPartialLikelihood:
    """Negative Cox partial log-likelihood with Breslow ties, its gradient and Hessian.

    The risk set at time t is everyone still followed at t (time >= t). Subjects are sorted by
    decreasing time so that risk-set sums are cumulative sums, read at the last member of each
    group of tied times.
    """

    def __init__(self, x, time, event):
        order = np.argsort(-time, kind="stable")
        self.x, self.time, self.event = x[order], time[order], event[order].astype(bool)
        # index of the last subject (in decreasing-time order) whose time equals each subject's
        _, first = np.unique(-self.time, return_index=True)
        last_of_group = np.r_[first[1:], len(self.time)] - 1
        group = np.searchsorted(first, np.arange(len(self.time)), side="right") - 1
        self.risk_end = last_of_group[group]

    def _sums(self, beta):
        eta = self.x @ beta
        shift = eta.max()  # exp(eta - shift): no overflow; cancels out in every ratio
        w = np.exp(eta - shift)
        s0 = np.cumsum(w)[self.risk_end]
        s1 = np.cumsum(w[:, None] * self.x, axis=0)[self.risk_end]
        return eta, shift, w, s0, s1

    def value(self, beta):
        eta, shift, _, s0, _ = self._sums(beta)
        d = self.event
        return -float(np.sum(eta[d] - shift - np.log(s0[d])))

    def gradient(self, beta):
        _, _, _, s0, s1 = self._sums(beta)
        d = self.event
        return -np.sum(self.x[d] - s1[d] / s0[d, None], axis=0)

    def hessian(self, beta):
        _, _, w, s0, s1 = self._sums(beta)
        d = self.event
        outer = w[:, None, None] * self.x[:, :, None] * self.x[:, None, :]
        s2 = np.cumsum(outer, axis=0)[self.risk_end]
        mean = s1[d] / s0[d, None]
        return np.sum(s2[d] / s0[d, None, None] - mean[:, :, None] * mean[:, None, :], axis=0)


def main(train_path, model_path):
    covariates, x, time, event = read_train(train_path)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / scale
    nll = BreslowPartialLikelihood(z, time, event)
    fit = minimize(nll.value, np.zeros(z.shape[1]), jac=nll.gradient, hess=nll.hessian,
                   method="trust-exact", options={"gtol": 1e-6})
    if not fit.success:
        sys.exit(f"Cox fit did not converge: {fit.message}")
    beta = fit.x
    with open(model_path, "w") as f:
        json.dump({"covariates": covariates, "mean": mean.tolist(), "scale": scale.tolist(),
                   "beta": beta.tolist()}, f, indent=2)
    null = nll.value(np.zeros_like(beta))
    print(f"trained on {len(time)} cases ({event.sum()} events); partial log-likelihood "
          f"{-null:.2f} -> {-fit.fun:.2f} in {fit.nit} iterations")
    for name, b, s in zip(covariates, beta, scale):
        print(f"  {name:>7}: {b:+.4f} per SD, hazard ratio {np.exp(b / s):.4f} per unit")


if __name__ == "__main__":
    main(*sys.argv[1:3])
