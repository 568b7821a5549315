# Reference for the clinical Table 1 (clinicalTable1.ts): R's t.test, chisq.test and fisher.test on the
# three comparisons (training by outcome, validation by outcome, training vs validation) of every clinical
# variable, for both t-tests and both Yates settings. Writes testdata/clinicalTable1.reference.json and the
# generated cohorts it reads (testdata/*.csv), which clinicalTable1.test.ts compares with to 1e-9.
#
#   Rscript shared/modeling/clinicalTable1.reference.R      (R 4.2.2, jsonlite 1.8.4; deterministic)
#
# Cases:
#   a_paper      the modelling fixture ../shared/fixtures/modeling/cases/a_paper.csv, with f001–f003 taken as
#                clinical (continuous) variables and its own split;
#   npc_cohort   142 patients laid out like a nasopharyngeal-carcinoma radiomics paper's Table 1 (age, sex,
#                T/N stage, clinical stage, WHO histology with a rare type, smoking 0/1, EBV DNA with missing
#                values, family history), a stratified 96/46 split, and 12 noise features;
#   fisher       30 patients whose categorical variables need Fisher's exact test (2 × 2 and 3 × 2 tables
#                with expected counts below 5) and one 2 × 2 where χ² applies.
# Rules (as clinicalTable1.ts): categorical = text, or numbers with at most two distinct values; Fisher's
# exact test when an expected count of the levels × groups table is below 5, otherwise chisq.test(correct =).
suppressMessages(library(jsonlite))
here <- (function() {
  x <- commandArgs(FALSE)
  dirname(normalizePath(sub("^--file=", "", x[grep("^--file=", x)])))
})()
out_dir <- file.path(here, "testdata")
dir.create(out_dir, showWarnings = FALSE)

make_npc <- function() {
  set.seed(20240517)
  n <- 142
  stage <- sample(c("III", "IVa", "IVb"), n, TRUE, c(0.55, 0.35, 0.10))
  t_stage <- ifelse(stage == "III", sample(c("T1", "T2", "T3"), n, TRUE, c(0.15, 0.35, 0.5)),
                    sample(c("T3", "T4"), n, TRUE, c(0.4, 0.6)))
  n_stage <- sample(c("N0", "N1", "N2", "N3"), n, TRUE, c(0.12, 0.38, 0.38, 0.12))
  lin <- -0.2 + 0.6 * (stage == "III") - 0.5 * (t_stage == "T4")
  y <- rbinom(n, 1, plogis(lin))
  age <- round(rnorm(n, 47, 11))
  sex <- sample(c("Male", "Female"), n, TRUE, c(0.74, 0.26))
  histology <- sample(c("WHO I", "WHO II", "WHO III"), n, TRUE, c(0.03, 0.17, 0.80))
  smoking <- rbinom(n, 1, 0.4)
  ebv_dna <- round(exp(rnorm(n, 7.5 - 0.4 * y, 1.6)))
  ebv_dna[sample(n, 7)] <- NA
  family_history <- sample(c("no", "yes"), n, TRUE, c(0.92, 0.08))
  family_history[sample(n, 3)] <- NA
  split <- character(n)
  for (cls in 0:1) {
    rows <- which(y == cls)
    k <- round(length(rows) * 96 / 142)
    tr <- rows[sample.int(length(rows), k)]
    split[rows] <- "validation"
    split[tr] <- "train"
  }
  feats <- matrix(round(rnorm(n * 12), 6), n, 12, dimnames = list(NULL, sprintf("f%03d", 1:12)))
  data.frame(id = sprintf("N%03d", 1:n), y = y, split = split, age = age, sex = sex, t_stage = t_stage,
             n_stage = n_stage, clinical_stage = stage, histology = histology, smoking = smoking,
             ebv_dna = ebv_dna, family_history = family_history, feats, stringsAsFactors = FALSE)
}

make_fisher <- function() {
  set.seed(7)
  n <- 30
  y <- rep(c(0, 1), c(16, 14))
  split <- rep("train", n)
  split[c(2, 5, 9, 12, 17, 21, 26, 29)] <- "validation"
  # few "positive": every table of this variable has an expected count below 5
  marker <- ifelse(seq_len(n) %in% c(3, 4, 18, 19, 20, 22, 27), "positive", "negative")
  grade <- c(rep("G1", 6), rep("G2", 14), rep("G3", 10))[sample(n)]
  # a balanced 2 × 2 where χ² applies (expected counts ≥ 5 in the training group)
  sex <- rep(c("F", "M"), 15)[sample(n)]
  feats <- matrix(round(rnorm(n * 4), 6), n, 4, dimnames = list(NULL, sprintf("f%03d", 1:4)))
  data.frame(id = sprintf("F%02d", 1:n), y = y, split = split, marker = marker, grade = grade, sex = sex,
             feats, stringsAsFactors = FALSE)
}

npc <- make_npc()
write.csv(npc, file.path(out_dir, "clinical_npc_cohort.csv"), row.names = FALSE, quote = FALSE, na = "NA")
fis <- make_fisher()
write.csv(fis, file.path(out_dir, "clinical_fisher.csv"), row.names = FALSE, quote = FALSE, na = "NA")

read_table <- function(path) read.csv(path, stringsAsFactors = FALSE, na.strings = c("NA", ""))

is_continuous <- function(x) is.numeric(x) && length(unique(x[!is.na(x)])) > 2

compare <- function(x, g, t_test, yates) {
  # g: factor with the two groups in R's order; x: the variable (NA = missing)
  lv <- levels(g)
  keep <- !is.na(x)
  res <- list(n = as.integer(table(g[keep])[lv]), missing = as.integer(table(g[!keep], useNA = "no")[lv]))
  res$missing[is.na(res$missing)] <- 0L
  if (is_continuous(x)) {
    res$kind <- "continuous"
    res$mean <- as.numeric(tapply(x[keep], g[keep], mean)[lv])
    res$sd <- as.numeric(tapply(x[keep], g[keep], sd)[lv])
    tt <- t.test(x ~ g, var.equal = (t_test == "student"))
    res$test <- t_test
    res$statistic <- unname(tt$statistic)
    res$df <- unname(tt$parameter)
    res$p <- tt$p.value
    return(res)
  }
  res$kind <- "categorical"
  tab <- table(factor(as.character(x[keep])), g[keep])
  res$counts <- lapply(split(as.data.frame.matrix(tab), rownames(tab)), function(r) as.integer(r[lv]))
  if (nrow(tab) < 2 || any(colSums(tab) == 0)) {
    res$test <- "none"  # one level, or an empty group: no test (fisher.test and chisq.test cannot run)
    res$p <- NULL
    return(res)
  }
  ch <- suppressWarnings(chisq.test(tab, correct = yates))
  if (any(ch$expected < 5)) {
    res$test <- "fisher"
    res$statistic <- NULL
    res$df <- NULL
    res$p <- fisher.test(tab)$p.value
  } else {
    res$test <- if (yates && all(dim(tab) == 2)) "chisq_yates" else "chisq"
    res$statistic <- unname(ch$statistic)
    res$df <- unname(ch$parameter)
    res$p <- ch$p.value
  }
  res
}

table1 <- function(d, clinical, t_test, yates) {
  tr <- d$split == "train"
  va <- d$split == "validation"
  out <- list(training = list(), validation = list(), all = list())
  for (v in clinical) {
    out$training[[v]] <- compare(d[[v]][tr], factor(d$y[tr], levels = c(0, 1)), t_test, yates)
    out$validation[[v]] <- compare(d[[v]][va], factor(d$y[va], levels = c(0, 1)), t_test, yates)
    out$all[[v]] <- compare(d[[v]], factor(d$split, levels = c("train", "validation")), t_test, yates)
  }
  out
}

cases <- list(
  a_paper = list(file = "../shared/fixtures/modeling/cases/a_paper.csv", clinical = c("f001", "f002", "f003"),
                 data = read_table(file.path(here, "..", "..", "..", "shared", "fixtures", "modeling", "cases", "a_paper.csv"))),
  npc_cohort = list(file = "testdata/clinical_npc_cohort.csv",
                    clinical = c("age", "sex", "t_stage", "n_stage", "clinical_stage", "histology", "smoking",
                                 "ebv_dna", "family_history"),
                    data = read_table(file.path(out_dir, "clinical_npc_cohort.csv"))),
  fisher = list(file = "testdata/clinical_fisher.csv", clinical = c("marker", "grade", "sex"),
                data = read_table(file.path(out_dir, "clinical_fisher.csv")))
)

# Fisher's exact test on its own: r × 2 tables (rows = levels, columns = the two groups), small to large
fisher_tables <- list(
  list(c(3, 1), c(1, 3)),
  list(c(0, 4), c(6, 2), c(5, 5)),
  list(c(2, 0), c(40, 61), c(120, 95), c(88, 101), c(30, 25), c(1, 4)),
  list(c(150, 160), c(148, 139), c(1, 5), c(0, 3))
)
ref <- list(r_version = R.version.string, cases = list(), fisher = lapply(fisher_tables, function(rows) {
  tab <- do.call(rbind, rows)
  list(table = rows, p = fisher.test(tab)$p.value)
}))
for (name in names(cases)) {
  cs <- cases[[name]]
  settings <- list()
  for (t_test in c("student", "welch")) for (yates in c(TRUE, FALSE)) {
    settings[[sprintf("%s_yates_%s", t_test, if (yates) "on" else "off")]] <-
      table1(cs$data, cs$clinical, t_test, yates)
  }
  ref$cases[[name]] <- list(file = cs$file, clinical = cs$clinical, settings = settings)
}
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
           file.path(out_dir, "clinicalTable1.reference.json"))
cat("wrote", file.path(out_dir, "clinicalTable1.reference.json"), "\n")
