# The figures the Models screen and the report show for one group, recomputed by R from the same predictions
# (e2e/models.spec.ts): rms::val.prob's calibration Slope and Intercept, the same recalibration by glm run to
# convergence (val.prob's lrm.fit stops ~1e-4 short of the maximum on near-perfect training fits), glm's
# calibration-in-the-large, and pROC::coords at the TRAINING cut-off with binom.test's Clopper–Pearson intervals.
#   Rscript e2e/valprobOracle.R <csv with columns y,p> <training threshold> <direction < or >>
suppressMessages({
  library(rms)
  library(pROC)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
thr <- as.numeric(args[2])
dir <- args[3]
vp <- suppressWarnings(val.prob(d$p, d$y, pl = FALSE))
tight <- glm.control(epsilon = 1e-14, maxit = 100)
recal <- glm(d$y ~ qlogis(d$p), family = binomial, control = tight)
citl <- glm(d$y ~ 1, offset = qlogis(d$p), family = binomial, control = tight)
r <- roc(d$y, d$p, levels = c(0, 1), direction = dir, quiet = TRUE)
cc <- coords(r, x = thr, input = "threshold", ret = c("tp", "fp", "tn", "fn"), transpose = FALSE)
k <- round(unlist(cc))
prop <- function(x, n) {
  if (n == 0) return(list(k = x, n = n, estimate = NA, ci = c(NA, NA)))
  list(k = x, n = n, estimate = x / n, ci = as.numeric(binom.test(x, n)$conf.int))
}
cat(toJSON(list(
  val_prob = list(slope = unname(vp["Slope"]), intercept = unname(vp["Intercept"])),
  slope = unname(coef(recal)[2]), intercept = unname(coef(recal)[1]),
  in_the_large = unname(coef(citl)[1]),
  sensitivity = prop(k[["tp"]], k[["tp"]] + k[["fn"]]),
  specificity = prop(k[["tn"]], k[["tn"]] + k[["fp"]]),
  ppv = prop(k[["tp"]], k[["tp"]] + k[["fp"]]),
  npv = prop(k[["tn"]], k[["tn"]] + k[["fn"]]),
  accuracy = prop(k[["tp"]] + k[["tn"]], sum(k))
), auto_unbox = TRUE, digits = NA))
