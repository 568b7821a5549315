# R oracle for robustness.r.test.ts: random extra cases for `radscore icc` (psych::ICC) and
# `radscore combat` (sva::ComBat), beyond ../shared/fixtures/robustness: missing values, 4–5 raters,
# numeric batch labels, zero-variance features in several batches, a single-sample batch with the
# non-parametric prior, a reference batch with covariates, features with a large offset.
# Usage: Rscript robustness.oracle.R <common.R> <out_dir> <seed>
# Writes <out_dir>/<case>.csv and <out_dir>/<case>.json: { kind, args (CLI options), features, ids,
#   variants: { name: { flags, x } } } for ComBat, or the ICC table per feature (ref/icc_*.json layout).
suppressMessages({ library(sva); library(psych); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
source(args[1])
out <- args[2]
set.seed(as.integer(args[3]))
dir.create(out, showWarnings = FALSE, recursive = TRUE)
r7 <- function(x) signif(x, 7)
read_exact <- function(file, text_cols) {
  raw <- utils::read.csv(file, colClasses = "character", na.strings = character(0), check.names = FALSE)
  for (c in setdiff(names(raw), text_cols)) raw[[c]] <- parse_num(raw[[c]])
  raw
}

icc_case <- function(name, n_subj, raters, p, n_na = 0, drop_rows = 0) {
  rn <- paste0("rater", c("B", "A", "D", "C", "E")[seq_len(raters)])  # written unsorted
  X <- array(0, c(n_subj, raters, p))
  for (j in seq_len(p)) {
    icc_true <- runif(1, 0.05, 0.97)
    s <- rnorm(n_subj); rb <- rnorm(raters, 0, 0.4); sc <- 10^runif(1, -2, 3)
    for (r in seq_len(raters)) X[, r, j] <- sc * (2 + s + rb[r] + rnorm(n_subj, 0, sqrt((1 - icc_true) / icc_true)))
  }
  X <- r7(X)
  long <- do.call(rbind, lapply(seq_len(raters), function(r) {
    m <- X[, r, ]; colnames(m) <- sprintf("f%03d", seq_len(p))
    cbind(data.frame(id = sprintf("S%03d", seq_len(n_subj)), rater = rn[r]), m)
  }))
  long <- long[sample(nrow(long)), ]
  if (n_na > 0) for (k in seq_len(n_na)) long[sample(nrow(long), 1), 2 + sample(p, 1)] <- NA
  if (drop_rows > 0) long <- long[-sample(nrow(long), drop_rows), ]
  write_csv_exact(long, file.path(out, paste0(name, ".csv")))
  d <- read_exact(file.path(out, paste0(name, ".csv")), c("id", "rater"))
  feats <- sprintf("f%03d", seq_len(p))
  res <- lapply(feats, function(f) {
    w <- reshape(d[, c("id", "rater", f)], idvar = "id", timevar = "rater", direction = "wide")
    m <- as.matrix(w[, -1]); m <- m[, order(colnames(m))]
    r <- suppressMessages(suppressWarnings(ICC(na.omit(m), lmer = FALSE)))$results
    tab <- lapply(seq_len(nrow(r)), function(i) list(type = as.character(r$type[i]), ICC = r$ICC[i], F = r$F[i],
      df1 = r$df1[i], df2 = r$df2[i], p = r$p[i], lower = r$`lower bound`[i], upper = r$`upper bound`[i]))
    names(tab) <- as.character(r$type)
    list(feature = f, n_complete = nrow(na.omit(m)), icc = tab)
  })
  write_json_exact(list(kind = "icc", case = name, args = c("--id", "id", "--rater", "rater"), features = res),
                   file.path(out, paste0(name, ".json")))
}

combat_case <- function(name, sizes, labels, p, covs, variants, n_na = 0, constant = list(), offset_cols = 0) {
  batch <- rep(labels, sizes); n <- length(batch)
  age <- round(rnorm(n, 55, 12)); sex <- sample(c(0, 1), n, replace = TRUE); y <- rbinom(n, 1, 0.4)
  bl <- factor(batch)
  X <- matrix(0, n, p)
  for (j in seq_len(p)) {
    sc <- 10^runif(1, -2, 3); b <- as.integer(bl)
    sh <- rnorm(nlevels(bl), 0, 0.8); mu <- exp(rnorm(nlevels(bl), 0, 0.35))
    X[, j] <- rnorm(1, 0, 5) * sc + sc * (sh[b] + mu[b] * rnorm(n) + 0.02 * (age - 55) * (j %% 3 == 0))
  }
  if (offset_cols > 0) for (j in seq_len(offset_cols)) X[, j] <- 1e3 + X[, j] / max(abs(X[, j]))
  for (cst in constant) X[batch == cst$batch, cst$col] <- X[which(batch == cst$batch)[1], cst$col]
  X <- r7(X)
  if (n_na > 0) for (k in seq_len(n_na)) X[sample(n, 1), sample(seq_len(p), 1)] <- NA
  colnames(X) <- sprintf("f%03d", seq_len(p))
  d <- data.frame(id = sprintf("P%04d", seq_len(n)), site = batch, age = age, sex = sex, y = y,
                  split = ifelse(seq_len(n) %% 3 == 0, "validation", "train"), X, check.names = FALSE)
  d <- d[sample(n), ]
  write_csv_exact(d, file.path(out, paste0(name, ".csv")))
  d <- read_exact(file.path(out, paste0(name, ".csv")), c("id", "site", "split"))
  mod <- if (length(covs)) model.matrix(as.formula(paste("~", paste(covs, collapse = "+"))), data = d) else NULL
  dat <- t(as.matrix(d[, colnames(X)]))
  vs <- lapply(variants, function(v) {
    x <- suppressMessages(capture.output(res <- do.call(ComBat, c(list(dat = dat, batch = d$site, mod = mod), v$r))))
    list(flags = v$flags, x = t(res))
  })
  names(vs) <- names(variants)
  passthrough <- setdiff(c("age", "sex"), covs)
  cli <- c("--batch", "site")
  if (length(covs)) cli <- c(cli, "--covariates", paste(covs, collapse = ","))
  if (length(passthrough)) cli <- c(cli, "--passthrough", paste(passthrough, collapse = ","))
  write_json_exact(list(kind = "combat", case = name, args = cli, features = colnames(X), ids = d$id, variants = vs),
                   file.path(out, paste0(name, ".json")))
}

V <- function(flags, ...) list(flags = I(flags), r = list(...))
icc_case("icc_na_four", 25, 4, 8, n_na = 6, drop_rows = 2)
icc_case("icc_small_five", 6, 5, 5)
icc_case("icc_two_na", 40, 2, 10, n_na = 4, drop_rows = 1)
combat_case("combat_na_ref", c(25, 20, 15), c("A", "B", "C"), 15, c("age"), n_na = 8, offset_cols = 2, variants = list(
  parametric = V(character(0), par.prior = TRUE),
  nonparametric = V("--nonparametric", par.prior = FALSE),
  mean_only = V("--mean-only", par.prior = TRUE, mean.only = TRUE),
  ref_batch = V(c("--ref-batch", "B"), par.prior = TRUE, ref.batch = "B")))
combat_case("combat_numeric_labels", c(14, 22, 9), c("1", "2", "10"), 20, c("age", "sex"),
  constant = list(list(batch = "2", col = 4), list(batch = "1", col = 9), list(batch = "10", col = 9)), variants = list(
  parametric = V(character(0), par.prior = TRUE),
  nonparametric_mean_only = V(c("--nonparametric", "--mean-only"), par.prior = FALSE, mean.only = TRUE),
  ref_batch = V(c("--ref-batch", "10"), par.prior = TRUE, ref.batch = "10"),
  ref_batch_nonparametric = V(c("--ref-batch", "1", "--nonparametric"), par.prior = FALSE, ref.batch = "1")))
combat_case("combat_single_sample", c(20, 1, 15), c("GE_1.5T", "Philips_3T", "Siemens_3T"), 12, character(0), variants = list(
  parametric = V(character(0), par.prior = TRUE),
  nonparametric = V("--nonparametric", par.prior = FALSE),
  ref_batch = V(c("--ref-batch", "Siemens_3T"), par.prior = TRUE, ref.batch = "Siemens_3T")))
cat("oracle cases written to", out, "\n")
