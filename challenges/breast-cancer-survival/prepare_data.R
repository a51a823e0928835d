#!/usr/bin/env Rscript
# Builds the breast-cancer-survival challenge data: train on the Rotterdam tumour bank cohort,
# test on the German Breast Cancer Study Group (GBSG) cohort.
#
# Source: the `rotterdam` and `gbsg` data sets of R's survival package (Debian package
# r-cran-survival), the harmonised pair used by Royston & Altman (2013). Deterministic: the only
# randomness is the order of the GBSG test ids, drawn with a fixed seed and a pinned RNG, so
# re-running it reproduces the committed files byte for byte.
#
# Harmonisation (see README.md for the full derivation):
#   - endpoint: recurrence-free survival (RFS), the earlier of recurrence or death. For Rotterdam,
#     as in the example of ?rotterdam: event = max(recur, death); time = rtime if recur == 1,
#     else dtime. GBSG ships RFS already (rfstime, status). Times in days.
#   - covariates: only those both cohorts record: age, meno, size (as a category), grade, nodes,
#     pgr, er, hormon. Rotterdam's year and chemo are dropped.
#   - size: Rotterdam has categories <=20, 20-50, >50 mm; GBSG has millimetres, mapped to the same
#     categories: 0 = <= 20 mm, 1 = 21-50 mm, 2 = > 50 mm.
#
# Writes, next to this script:
#   public/train.csv         id, covariates, time, event   (Rotterdam, ids rot-0001 ... in pid order)
#   hidden/test-inputs.csv   id, covariates                (GBSG, ids gbsg-0001 ... in a seeded random order)
#   hidden/test-labels.csv   id, time, event
#
# Usage: Rscript prepare_data.R
suppressPackageStartupMessages(library(survival))

SEED <- 20261125
COVARIATES <- c("age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon")

script_dir <- function() {
  arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(arg) == 1) dirname(normalizePath(sub("^--file=", "", arg))) else getwd()
}

size_category_mm <- function(mm) {
  stopifnot(all(!is.na(mm)), all(mm > 0))
  as.integer(ifelse(mm <= 20, 0L, ifelse(mm <= 50, 1L, 2L)))
}

as_int <- function(x) {
  stopifnot(all(!is.na(x)), all(x == round(x)))
  as.integer(x)
}

check_binary <- function(x, name) {
  if (!all(x %in% c(0L, 1L))) stop(name, " is not 0/1")
}

rotterdam_train <- function() {
  r <- rotterdam[order(rotterdam$pid), ]
  stopifnot(nrow(r) == 2982, identical(levels(r$size), c("<=20", "20-50", ">50")))
  out <- data.frame(
    id     = sprintf("rot-%04d", seq_len(nrow(r))),
    age    = as_int(r$age),
    meno   = as_int(r$meno),
    size   = as.integer(r$size) - 1L,  # factor levels <=20, 20-50, >50 -> 0, 1, 2
    grade  = as_int(r$grade),
    nodes  = as_int(r$nodes),
    pgr    = as_int(r$pgr),
    er     = as_int(r$er),
    hormon = as_int(r$hormon),
    time   = as_int(ifelse(r$recur == 1, r$rtime, r$dtime)),
    event  = as_int(pmax(r$recur, r$death)),
    stringsAsFactors = FALSE
  )
  out
}

gbsg_test <- function() {
  g <- gbsg[order(gbsg$pid), ]
  stopifnot(nrow(g) == 686)
  # Neither the source's row order nor pid is independent of follow-up, so test ids follow a
  # seeded random permutation: an id says nothing about the outcome.
  RNGkind("Mersenne-Twister", "Inversion", "Rejection")
  set.seed(SEED)
  g <- g[sample.int(nrow(g)), ]
  data.frame(
    id     = sprintf("gbsg-%04d", seq_len(nrow(g))),
    age    = as_int(g$age),
    meno   = as_int(g$meno),
    size   = size_category_mm(g$size),
    grade  = as_int(g$grade),
    nodes  = as_int(g$nodes),
    pgr    = as_int(g$pgr),
    er     = as_int(g$er),
    hormon = as_int(g$hormon),
    time   = as_int(g$rfstime),
    event  = as_int(g$status),
    stringsAsFactors = FALSE
  )
}

write_rows <- function(df, path) {
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  con <- file(path, open = "wb")  # "\n" line endings on every platform
  on.exit(close(con))
  write.table(df, con, sep = ",", quote = FALSE, row.names = FALSE, eol = "\n")
}

describe <- function(name, df) {
  cat(sprintf("%s: %d cases, %d events (%.1f%%), %d censored, median time %d days\n",
              name, nrow(df), sum(df$event), 100 * mean(df$event), sum(df$event == 0),
              as.integer(median(df$time))))
}

main <- function() {
  here <- script_dir()
  train <- rotterdam_train()
  test <- gbsg_test()
  for (df in list(train, test)) {
    stopifnot(!anyNA(df), all(df$time > 0))
    for (b in c("meno", "hormon", "event")) check_binary(df[[b]], b)
  }
  write_rows(train[, c("id", COVARIATES, "time", "event")], file.path(here, "public", "train.csv"))
  write_rows(test[, c("id", COVARIATES)], file.path(here, "hidden", "test-inputs.csv"))
  write_rows(test[order(test$id), c("id", "time", "event")], file.path(here, "hidden", "test-labels.csv"))
  describe("train (Rotterdam)", train)
  describe("test (GBSG)", test)
}

main()
