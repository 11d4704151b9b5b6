# Table 3, column 3 of Gao, Li & Zhu (2021), from the book's regression panel:
# KOFGIdj (overall de jure globalisation) on the TBI and seven controls,
# country and year fixed effects, standard errors clustered by country.
#
# Data: regression_panel_wiod2013.csv, one row per country and year.
# Download it from the baseline chapter's page (section "The sample") or
# take it from chapters/downloads/ after running that chapter, and put it
# in R's working directory.

# install.packages("fixest")   # once
library(fixest)

panel <- read.csv("regression_panel_wiod2013.csv")

model <- feols(
  KOFGIdj ~ tbi + RQ + lnEXR + TFP + INFR + lnCK + lnGDP + lnPOP |
    country + year,
  data = panel,
  cluster = ~country
)
summary(model)

# Compare the coefficient on tbi with Table 3, column 3, of the baseline
# chapter. Column 4: replace KOFGIdj by KOFEcGIdj. Columns 1-2: leave out
# the seven controls.
