* Table 3, column 3 of Gao, Li & Zhu (2021), from the book's regression panel:
* KOFGIdj (overall de jure globalisation) on the TBI and seven controls,
* country and year fixed effects, standard errors clustered by country.
*
* Data: regression_panel_wiod2013.csv, one row per country and year.
* Download it from the baseline chapter's page (section "The sample") or
* take it from chapters/downloads/ after running that chapter, and put it
* in Stata's working directory. Needs Stata 13 or later.

import delimited "regression_panel_wiod2013.csv", clear case(preserve)

* xtreg needs a numeric panel identifier: encode the ISO3 country codes.
encode country, generate(cid)
xtset cid year

xtreg KOFGIdj tbi RQ lnEXR TFP INFR lnCK lnGDP lnPOP i.year, ///
    fe vce(cluster cid)

* Compare the coefficient on tbi with Table 3, column 3, of the baseline
* chapter. Column 4: replace KOFGIdj by KOFEcGIdj. Columns 1-2: leave out
* the seven controls.
