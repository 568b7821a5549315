# Reference for the model-results statistics (proportion.ts, operatingPoint.ts, calibrationCurve.ts,
# separation.ts): R's binom.test, pROC::coords at a fixed threshold, lowess / Hmisc::cut2 / glm / rms::val.prob
# calibration, and lpSolve on the separation linear programmes. Writes testdata/modelview.reference.json
# (exact doubles, the modelling fixtures' writer), which modelview.test.ts compares with.
#
#   Rscript shared/modeling/modelview.reference.R && npx prettier --write shared/modeling/testdata
#                                                      (R 4.2.2, pROC 1.18.0, rms 6.5-0, Hmisc 4.8-0,
#                                                       lpSolve 5.6; deterministic)
#
# Inputs: the modelling fixtures' R references ../shared/fixtures/modeling/ref/<case>.json (their glm
# probabilities per row and training Youden points) and <case>_x_preprocessed.csv (the z-scored design).
suppressMessages({
  library(jsonlite)
  library(pROC)
  library(rms)
  library(lpSolve)
})
here <- (function() {
  x <- commandArgs(FALSE)
  dirname(normalizePath(sub("^--file=", "", x[grep("^--file=", x)])))
})()
fixtures <- normalizePath(file.path(here, "..", "..", "..", "shared", "fixtures", "modeling"))
source(file.path(fixtures, "r", "common.R"))
out_file <- file.path(here, "testdata", "modelview.reference.json")

# --- Clopper–Pearson: binom.test(k, n)$conf.int --------------------------------------------------------
pairs <- list(c(27, 32), c(0, 5), c(5, 5), c(0, 1), c(1, 1), c(3, 6), c(1, 13), c(12, 13), c(41, 96),
              c(83, 100), c(0, 46), c(20, 20), c(7, 9), c(500, 1000), c(1, 2), c(2, 3), c(999, 1000))
binom <- lapply(pairs, function(kn) {
  ci <- binom.test(kn[1], kn[2])$conf.int
  list(k = kn[1], n = kn[2], lower = ci[1], upper = ci[2])
})

# --- fixture predictions -------------------------------------------------------------------------------
read_ref <- function(case) fromJSON(file.path(fixtures, "ref", paste0(case, ".json")), simplifyVector = TRUE)
split_rows <- function(ref, split) {
  rs <- ref$radscore
  keep <- rs$split == split
  list(id = rs$id[keep], y = rs$y[keep], p = rs$glm_prob[keep])
}

# --- operating point at the training Youden threshold (pROC coords, direction of the training ROC) -----
ret <- c("threshold", "tp", "fp", "tn", "fn", "sensitivity", "specificity", "ppv", "npv", "accuracy")
operating <- list()
for (case in c("a_paper", "c_tall", "e_hard")) {
  ref <- read_ref(case)
  thr <- ref$roc$train$glm_prob$youden_best$threshold[1]
  dir <- ref$roc$train$glm_prob$direction
  for (split in c("train", "validation")) {
    s <- split_rows(ref, split)
    r <- roc(s$y, s$p, levels = c(0, 1), direction = dir, quiet = TRUE)
    cc <- coords(r, x = thr, input = "threshold", ret = ret, transpose = FALSE)
    operating[[paste(case, split, sep = ".")]] <- c(list(case = case, split = split, direction = dir),
                                                   lapply(as.list(cc), unname))
  }
}

# --- calibration: lowess, cut2 groups of >= 5, glm recalibration, val.prob -----------------------------
group_count <- function(p, min_size = 5, max_groups = 10) {
  g <- min(max_groups, floor(length(p) / min_size))
  while (g >= 1) {
    q <- cut2(p, g = g)
    if (all(table(q) >= min_size)) return(list(g = g, q = q))
    g <- g - 1
  }
  list(g = 0, q = NULL)
}
calibration_of <- function(p, y) {
  sm <- lowess(p, y, iter = 0)
  gc <- group_count(p)
  groups <- if (gc$g > 0) {
    lapply(levels(gc$q), function(l) {
      w <- which(gc$q == l)
      ci <- binom.test(sum(y[w]), length(w))$conf.int
      list(n = length(w), events = sum(y[w]), mean_predicted = mean(p[w]), observed_rate = mean(y[w]),
           lower = ci[1], upper = ci[2], members = I(w))
    })
  } else list()
  keep <- p > 0 & p < 1
  L <- qlogis(p[keep])
  yk <- y[keep]
  ctl <- glm.control(epsilon = 1e-14, maxit = 100)
  fit <- glm(yk ~ L, family = binomial, control = ctl)
  citl <- glm(yk ~ 1, offset = L, family = binomial, control = ctl)
  est <- function(f, i) {
    s <- summary(f)$coefficients
    ci <- confint.default(f)
    list(estimate = unname(s[i, 1]), se = unname(s[i, 2]), lower = unname(ci[i, 1]), upper = unname(ci[i, 2]))
  }
  vp <- suppressWarnings(val.prob(p, y, pl = FALSE))
  list(
    n = length(p), p = I(p), y = I(y),
    lowess = list(x = I(sm$x), y = I(sm$y)),
    g = gc$g, groups = groups,
    intercept = est(fit, 1), slope = est(fit, 2), in_the_large = est(citl, 1),
    val_prob = list(Intercept = unname(vp["Intercept"]), Slope = unname(vp["Slope"]))
  )
}
calibration <- list()
for (case in c("a_paper", "c_tall")) {
  ref <- read_ref(case)
  for (split in c("train", "validation")) {
    s <- split_rows(ref, split)
    calibration[[paste(case, split, sep = ".")]] <- calibration_of(s$p, s$y)
  }
}
# a validation group of 13: the first 13 validation patients of a_paper (both outcomes among them)
s <- split_rows(read_ref("a_paper"), "validation")
calibration[["a_paper.validation13"]] <- calibration_of(s$p[1:13], s$y[1:13])
# ties: probabilities rounded to 1 decimal make uneven quantile groups
calibration[["a_paper.validation_rounded"]] <- calibration_of(round(s$p, 1), s$y)

# --- separation: lpSolve on the find and margin programmes; glm's convergence --------------------------
# Variables beta+ (k), beta- (k) [, t], all >= 0; bounds beta± <= 1 (and t <= 1) as constraints.
separation_of <- function(X, y) {
  X <- cbind(1, X)
  k <- ncol(X)
  a <- (2 * y - 1) * X
  bounds <- cbind(diag(2 * k))
  find <- lp("max", c(colSums(a), -colSums(a)),
             rbind(bounds, cbind(-a, a)), rep("<=", 2 * k + nrow(a)), c(rep(1, 2 * k), rep(0, nrow(a))))
  marg <- lp("max", c(rep(0, 2 * k), 1),
             rbind(cbind(bounds, 0), c(rep(0, 2 * k), 1), cbind(-a, a, 1)),
             rep("<=", 2 * k + 1 + nrow(a)), c(rep(1, 2 * k + 1), rep(0, nrow(a))))
  stopifnot(find$status == 0, marg$status == 0)
  g <- withCallingHandlers(
    glm(y ~ X[, -1], family = binomial),
    warning = function(w) invokeRestart("muffleWarning"))
  list(find_objective = find$objval, margin = marg$objval, glm_converged = g$converged, glm_iterations = g$iter)
}
set.seed(20250611)
n <- 30
y <- rep(c(0, 1), each = n / 2)
noise <- matrix(rnorm(n * 2), n, 2)
cases <- list()
cases$complete <- list(X = cbind(x1 = ifelse(y == 1, 0.2 + runif(n), -0.2 - runif(n)), x2 = noise[, 1]), y = y)
x1q <- ifelse(y == 1, runif(n), -runif(n)); x1q[c(1, 2, 16, 17)] <- 0
cases$quasi <- list(X = cbind(x1 = x1q, x2 = noise[, 2]), y = y)
u <- rnorm(n); v <- ifelse(y == 1, 0.3 + runif(n), -0.3 - runif(n))
cases$joint <- list(X = cbind(x1 = u + v, x2 = -u + v * 0.5, x3 = noise[, 1]), y = y)
cases$none <- list(X = cbind(x1 = rnorm(n) + 0.8 * y, x2 = rnorm(n)), y = y)
for (case in c("a_paper", "e_hard")) {
  ref <- read_ref(case)
  xp <- read.csv(file.path(fixtures, "ref", paste0(case, "_x_preprocessed.csv")))
  tr <- xp$split == "train"
  ys <- ref$radscore$y[ref$radscore$split == "train"]
  cases[[case]] <- list(X = as.matrix(xp[tr, ref$glm$features, drop = FALSE]), y = ys, features = I(ref$glm$features))
}
separation <- lapply(names(cases), function(nm) {
  cs <- cases[[nm]]
  r <- separation_of(cs$X, cs$y)
  c(list(name = nm, y = I(cs$y), columns = lapply(seq_len(ncol(cs$X)), function(j) I(unname(cs$X[, j])))), r)
})

writeLines(to_json(list(
  versions = list(R = R.version.string, pROC = as.character(packageVersion("pROC")),
                  rms = as.character(packageVersion("rms")), Hmisc = as.character(packageVersion("Hmisc")),
                  lpSolve = as.character(packageVersion("lpSolve"))),
  binom = binom, operating = unname(operating), calibration = calibration, separation = separation
)), out_file)
cat("wrote", out_file, "\n")
