// How `outcome-lrs migrate --plugin liboutcomes.so` copies the outcome plugin's tables from an
// SQLite database into a PostgreSQL one (lrs::ext::TableCopy): every table of
// schemas/sqlite/outcomes, in copy order, each with its queries migrate_<table>_page (both
// dialects: the source's rows, and the copy's for the verification), migrate_<table>_insert,
// and where needed migrate_<table>_after and migrate_<table>_bad_rows (PostgreSQL).
//
// outcome_kpi_series is not copied: the trigger that keeps it on PostgreSQL builds it from the
// observations as they are copied (a subject's observations come in day order, so each is
// appended), and it is verified against SQLite's, its values compared as doubles. Copying it
// too would conflict with the trigger's rows, and disabling the trigger would leave the series
// unchecked against the observations they are derived from. outcome_rollup_epoch exists on
// PostgreSQL only and stays as the migrations made it.
#pragma once

#include <vector>

#include "lrs/extension/sql.h"

namespace outcomes::sql {

// The tables, with the SQL of both dialects' catalogs whatever the dialect in use.
std::vector<lrs::ext::TableCopy> CopiedTables();

}  // namespace outcomes::sql
