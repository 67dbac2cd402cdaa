// The tables of an ST model-zoo model card ("Reference memory footprint",
// "Reference inference time", "Accuracy with <dataset>"), one row per
// board x model from its latest complete run, plus a table of the latest run
// of every key for traceability. Cells are plain text; each renderer escapes.
#pragma once

#include <string>
#include <vector>

#include "report/report_data.h"

namespace hb::report {

struct Table {
  std::string id;     // "memory", "time", "accuracy-1", "runs"
  std::string title;  // "Reference memory footprint"
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // shown under the table
};

std::vector<Table> model_card_tables(const Report& rep);

// "9/9 (100.00 %)"; "not compared" when the host engine did not run.
std::string bit_exact_text(const RunPoint& r);
// "86.78" (percent, 2 decimals); "n/a (no labels)".
std::string top1_text(const RunPoint& r);
// Last path component of a dataset path ("" -> "synthetic inputs").
std::string dataset_name(const std::string& path);

}  // namespace hb::report
