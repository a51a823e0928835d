# The reference the pooled boards are checked against (MetaAnalysisReferenceTest): metafor's rma()
# with its defaults (REML, Fisher scoring, normal interval), and R's Wilson interval.
# Each argument is one case: "re;y1,y2,...;se1,se2,..." (estimates and standard errors on the
# pooling scale; "dl;..." the same, printing DerSimonian-Laird's tau2), "logit;v1,...;lo1,...;hi1,..." (values and 95% interval ends on the metric's
# scale, pooled on the logit scale and back-transformed), or "wilson;x;n".
# Prints one line per case: the figures as 17 significant digits.
suppressPackageStartupMessages(library(metafor))
num <- function(s) as.numeric(strsplit(s, ",")[[1]])
out <- function(...) cat(paste(sprintf("%.17g", c(...)), collapse = " "), "\n")
for (arg in commandArgs(trailingOnly = TRUE)) {
  p <- strsplit(arg, ";")[[1]]
  if (p[1] == "re") {
    r <- rma(yi = num(p[2]), sei = num(p[3]))
    out(r$b[1], r$se, r$ci.lb, r$ci.ub, r$tau2, r$I2, r$QE)
  } else if (p[1] == "dl") {
    out(rma(yi = num(p[2]), sei = num(p[3]), method = "DL")$tau2)
  } else if (p[1] == "logit") {
    v <- num(p[2]); lo <- num(p[3]); hi <- num(p[4])
    r <- rma(yi = qlogis(v), sei = (qlogis(hi) - qlogis(lo)) / (2 * qnorm(0.975)))
    out(plogis(r$b[1]), plogis(r$ci.lb), plogis(r$ci.ub), r$tau2, r$I2, r$QE)
  } else if (p[1] == "wilson") {
    ci <- prop.test(as.numeric(p[2]), as.numeric(p[3]), correct = FALSE)$conf.int
    out(ci[1], ci[2])
  }
}
