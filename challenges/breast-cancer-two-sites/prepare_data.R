#!/usr/bin/env Rscript
# Builds the breast-cancer-two-sites challenge: one public training set and a hidden test set at
# each of two sites, from the `rotterdam` and `gbsg` data sets of R's survival package (Debian
# package r-cran-survival), harmonised exactly as for challenges/breast-cancer-survival (same
# endpoint, covariates and size categories; see that bundle's prepare_data.R and README.md).
#
#   site nl (Rotterdam tumour bank, Netherlands): 1000 Rotterdam patients drawn at random
#   site de (GBSG trial, Germany):                all 686 GBSG patients
#   public training data:                         the other 1982 Rotterdam patients
#
# Deterministic: the only randomness is the Rotterdam split and the order of the test ids, drawn
# with a fixed seed and a pinned RNG, so re-running it reproduces the committed files byte for
# byte.
#
# Writes three folders (paths from the repository root):
#   challenges/breast-cancer-two-sites/public/train.csv        the PLATFORM's bundle: no hidden files
#   sites/nl/breast-cancer-two-sites/                          site nl's copy of the bundle + hidden/
#   sites/de/breast-cancer-two-sites/                          site de's copy of the bundle + hidden/
# Each site's hidden/ holds test-inputs.csv (id, covariates) and test-labels.csv (id, time, event),
# the same relative paths at both sites. Every other file of a site's copy is the platform's bundle
# file, copied (so `palmares validate --site NAME` sees the same challenge.yaml).
#
# Usage: Rscript challenges/breast-cancer-two-sites/prepare_data.R
suppressPackageStartupMessages(library(survival))

SEED <- 20261202
TEST_AT_NL <- 1000
SLUG <- "breast-cancer-two-sites"
COVARIATES <- c("age", "meno", "size", "grade", "nodes", "pgr", "er", "hormon")

script_dir <- function() {
  arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(arg) == 1) dirname(normalizePath(sub("^--file=", "", arg))) else getwd()
}

pinned_seed <- function(seed) {
  RNGkind("Mersenne-Twister", "Inversion", "Rejection")
  set.seed(seed)
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

rotterdam_cases <- function() {
  r <- rotterdam[order(rotterdam$pid), ]
  stopifnot(nrow(r) == 2982, identical(levels(r$size), c("<=20", "20-50", ">50")))
  data.frame(
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
}

gbsg_cases <- function() {
  g <- gbsg[order(gbsg$pid), ]
  stopifnot(nrow(g) == 686)
  data.frame(
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

# The cases in a seeded random order with ids <prefix>-0001...: neither a source's row order nor
# its pid is independent of follow-up, so an id says nothing about the outcome.
shuffled_with_ids <- function(df, prefix, seed) {
  pinned_seed(seed)
  df <- df[sample.int(nrow(df)), ]
  cbind(id = sprintf("%s-%04d", prefix, seq_len(nrow(df))), df, stringsAsFactors = FALSE)
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

# A site's copy: every file of the platform's bundle (none hidden), then the site's hidden files.
write_site_copy <- function(bundle, site_root, test) {
  copy <- file.path(site_root, SLUG)
  unlink(copy, recursive = TRUE)
  files <- list.files(bundle, recursive = TRUE, all.files = TRUE, no.. = TRUE)
  files <- files[!grepl("(^|/)__pycache__/", files)]
  for (f in files) {
    dir.create(dirname(file.path(copy, f)), showWarnings = FALSE, recursive = TRUE)
    stopifnot(file.copy(file.path(bundle, f), file.path(copy, f), copy.date = FALSE))
  }
  write_rows(test[, c("id", COVARIATES)], file.path(copy, "hidden", "test-inputs.csv"))
  write_rows(test[order(test$id), c("id", "time", "event")], file.path(copy, "hidden", "test-labels.csv"))
}

main <- function() {
  bundle <- script_dir()
  repo <- normalizePath(file.path(bundle, "..", ".."))
  rot <- rotterdam_cases()
  gb <- gbsg_cases()
  for (df in list(rot, gb)) {
    stopifnot(!anyNA(df), all(df$time > 0))
    for (b in c("meno", "hormon", "event")) check_binary(df[[b]], b)
  }
  pinned_seed(SEED)
  at_nl <- sort(sample.int(nrow(rot), TEST_AT_NL))
  train <- rot[-at_nl, ]  # still in pid order
  train <- cbind(id = sprintf("rot-%04d", seq_len(nrow(train))), train, stringsAsFactors = FALSE)
  test_nl <- shuffled_with_ids(rot[at_nl, ], "nl", SEED + 1)
  test_de <- shuffled_with_ids(gb, "de", SEED + 2)

  write_rows(train[, c("id", COVARIATES, "time", "event")], file.path(bundle, "public", "train.csv"))
  unlink(file.path(bundle, "hidden"), recursive = TRUE)  # the platform's bundle holds no hidden files
  write_site_copy(bundle, file.path(repo, "sites", "nl"), test_nl)
  write_site_copy(bundle, file.path(repo, "sites", "de"), test_de)
  describe("train (Rotterdam, public)", train)
  describe("test at site nl (Rotterdam)", test_nl)
  describe("test at site de (GBSG)", test_de)
}

main()
