#include "output.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "json.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string csv_count(std::int64_t value) {
  return value < 0 ? "" : std::to_string(value);
}

std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

/// Splits one CSV line (RFC 4180 quoting, no newlines inside fields).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    const char c = line[k];
    if (quoted) {
      if (c == '"' && k + 1 < line.size() && line[k + 1] == '"') {
        field += '"';
        ++k;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

/// "real", "complex", or "complex(w=1)" for a complex-shifted real matrix.
std::string field_label(const Row& row) {
  if (!row.complex() || std::isnan(row.complex_shift)) return row.field;
  char omega[32];
  std::snprintf(omega, sizeof omega, "%g", row.complex_shift);
  return row.field + "(w=" + omega + ")";
}

std::string table_seconds(double value) {
  if (std::isnan(value)) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

}  // namespace

const std::vector<std::string>& legacy_csv_columns() {
  static const std::vector<std::string> columns{"matrix",       "group",          "n",
                                                "nnz",          "solver",         "threads",
                                                "status",       "analyze_s",      "factor_s",
                                                "refactor_s",   "solve_s",        "lu_nnz",
                                                "factor_flops", "backward_error", "peak_rss_bytes"};
  return columns;
}

const std::vector<std::string>& real_only_csv_columns() {
  // New columns go at the end, so that readers of the older files keep their indices.
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> all = legacy_csv_columns();
    for (const char* name : {"path", "ordering", "delayed_pivots", "supernodal_blocks"}) {
      all.emplace_back(name);
    }
    return all;
  }();
  return columns;
}

const std::vector<std::string>& single_process_csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> all = real_only_csv_columns();
    for (const char* name : {"field", "complex_shift"}) all.emplace_back(name);
    return all;
  }();
  return columns;
}

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> all = single_process_csv_columns();
    for (const char* name : {"ranks", "threads_per_rank"}) all.emplace_back(name);
    return all;
  }();
  return columns;
}

std::string solver_label(const std::string& solver, const std::string& path,
                         const std::string& ordering) {
  const auto is_default = [](const std::string& word) { return word.empty() || word == "auto"; };
  if (is_default(path) && is_default(ordering)) return solver;
  std::string settings;
  if (!is_default(path)) settings = "path=" + path;
  if (!is_default(ordering)) settings += (settings.empty() ? "" : ",") + ("ordering=" + ordering);
  return solver + "[" + settings + "]";
}

void write_csv(std::ostream& out, const std::vector<Row>& rows) {
  const std::vector<std::string>& columns = csv_columns();
  for (std::size_t k = 0; k < columns.size(); ++k) out << (k == 0 ? "" : ",") << columns[k];
  out << '\n';
  write_csv_rows(out, rows);
}

void write_csv_rows(std::ostream& out, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    out << csv_text(row.matrix) << ',' << csv_text(row.group) << ',' << csv_count(row.n) << ','
        << csv_count(row.nnz) << ',' << csv_text(row.solver) << ',' << row.threads << ','
        << csv_text(row.status) << ',' << csv_number(row.analyze_s) << ','
        << csv_number(row.factor_s) << ',' << csv_number(row.refactor_s) << ','
        << csv_number(row.solve_s) << ',' << csv_count(row.lu_nnz) << ','
        << csv_number(row.factor_flops) << ',' << csv_number(row.backward_error) << ','
        << csv_count(row.peak_rss_bytes) << ',' << csv_text(row.path) << ','
        << csv_text(row.ordering) << ',' << csv_count(row.delayed_pivots) << ','
        << csv_count(row.supernodal_blocks) << ',' << csv_text(row.field) << ','
        << csv_number(row.complex_shift) << ',' << row.ranks << ',' << row.threads_per_rank << '\n';
  }
}

std::vector<Row> parse_csv(const std::string& text, const std::string& name) {
  using lupine::Error;
  using lupine::ErrorKind;
  // Each header line names the columns of the rows after it: files of the older 15- and
  // 19-column formats and of this one may be concatenated.
  const std::vector<std::string>* columns_pointer = nullptr;
  std::istringstream in(text);
  std::string line;
  std::int64_t line_number = 0;
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> fields = split_csv(line);
    const auto fail = [&](const std::string& what) {
      return Error(ErrorKind::parse_error,
                   name + " line " + std::to_string(line_number) + ": " + what, -1, -1,
                   line_number);
    };
    bool header = false;
    for (const std::vector<std::string>* layout :
         {&csv_columns(), &single_process_csv_columns(), &real_only_csv_columns(),
          &legacy_csv_columns()}) {
      if (fields == *layout) {
        columns_pointer = layout;
        header = true;
      }
    }
    if (header) continue;
    if (columns_pointer == nullptr)
      throw fail("expected the header line 'matrix,group,n,...' first");
    const std::vector<std::string>& columns = *columns_pointer;
    if (fields.size() != columns.size()) {
      throw fail(std::to_string(fields.size()) + " fields, expected " +
                 std::to_string(columns.size()));
    }
    std::size_t column = 0;
    const auto number = [&](const std::string& field) -> double {
      ++column;
      if (field.empty()) return not_measured;
      char* end = nullptr;
      const double value = std::strtod(field.c_str(), &end);
      if (*end != '\0')
        throw fail("column " + columns[column - 1] + ": bad number '" + field + "'");
      return value;
    };
    const auto count = [&](const std::string& field) -> std::int64_t {
      ++column;
      if (field.empty()) return -1;
      char* end = nullptr;
      const long long value = std::strtoll(field.c_str(), &end, 10);
      if (*end != '\0')
        throw fail("column " + columns[column - 1] + ": bad integer '" + field + "'");
      return value;
    };
    const auto text_field = [&](const std::string& field) {
      ++column;
      return field;
    };
    Row row;
    row.matrix = text_field(fields[0]);
    row.group = text_field(fields[1]);
    row.n = count(fields[2]);
    row.nnz = count(fields[3]);
    row.solver = text_field(fields[4]);
    row.threads = static_cast<int>(count(fields[5]));
    row.status = text_field(fields[6]);
    row.analyze_s = number(fields[7]);
    row.factor_s = number(fields[8]);
    row.refactor_s = number(fields[9]);
    row.solve_s = number(fields[10]);
    row.lu_nnz = count(fields[11]);
    row.factor_flops = number(fields[12]);
    row.backward_error = number(fields[13]);
    row.peak_rss_bytes = count(fields[14]);
    if (columns.size() >= real_only_csv_columns().size()) {
      row.path = text_field(fields[15]);
      row.ordering = text_field(fields[16]);
      row.delayed_pivots = count(fields[17]);
      row.supernodal_blocks = count(fields[18]);
    }
    if (columns.size() >= single_process_csv_columns().size()) {
      row.field = text_field(fields[19]);
      row.complex_shift = number(fields[20]);
      if (row.field != "real" && row.field != "complex") {
        throw fail("column field: expected real or complex, found '" + row.field + "'");
      }
    }
    row.threads_per_rank = row.threads;
    if (columns.size() >= csv_columns().size()) {
      row.ranks = static_cast<int>(count(fields[21]));
      row.threads_per_rank = static_cast<int>(count(fields[22]));
    }
    // The older files have Lupine at its defaults only.
    if (row.solver == "lupine") {
      if (row.path.empty()) row.path = "auto";
      if (row.ordering.empty()) row.ordering = "auto";
    }
    if (row.matrix.empty() || row.solver.empty() || row.status.empty()) {
      throw fail("empty matrix, solver or status");
    }
    rows.push_back(row);
  }
  if (columns_pointer == nullptr) {
    throw Error(ErrorKind::parse_error, name + ": no header line (matrix,group,n,...)", -1, -1, 1);
  }
  return rows;
}

std::vector<Row> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw lupine::Error(lupine::ErrorKind::file_error, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_csv(text.str(), path);
}

void write_table(std::ostream& out, const std::vector<Row>& rows) {
  const std::vector<std::string> header{
      "matrix",  "group",  "n",         "nnz",      "field",      "solver",
      "threads", "status", "analyze_s", "factor_s", "refactor_s", "solve_s",
      "lu_nnz",  "flops",  "berr",      "rss_MiB",  "sn_blocks",  "delayed"};
  std::vector<std::vector<std::string>> cells;
  cells.push_back(header);
  for (const Row& row : rows) {
    char berr[32], flops[32], rss[32];
    std::snprintf(berr, sizeof berr, "%.1e", row.backward_error);
    std::snprintf(flops, sizeof flops, "%.3g", row.factor_flops);
    std::snprintf(rss, sizeof rss, "%.1f", static_cast<double>(row.peak_rss_bytes) / (1 << 20));
    cells.push_back(
        {row.matrix, row.group, csv_count(row.n), csv_count(row.nnz), field_label(row),
         solver_label(row), std::to_string(row.threads), row.status, table_seconds(row.analyze_s),
         table_seconds(row.factor_s), table_seconds(row.refactor_s), table_seconds(row.solve_s),
         row.lu_nnz < 0 ? "-" : std::to_string(row.lu_nnz),
         std::isnan(row.factor_flops) ? "-" : flops, std::isnan(row.backward_error) ? "-" : berr,
         row.peak_rss_bytes < 0 ? "-" : rss,
         row.supernodal_blocks < 0 ? "-" : std::to_string(row.supernodal_blocks),
         row.delayed_pivots < 0 ? "-" : std::to_string(row.delayed_pivots)});
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t k = 0; k < line.size(); ++k) widths[k] = std::max(widths[k], line[k].size());
  }
  // Names and words align left, numbers right.
  const auto left = [](std::size_t k) { return k == 0 || k == 1 || k == 4 || k == 5 || k == 7; };
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t k = 0; k < line.size(); ++k) {
      const std::string fill(widths[k] - line[k].size(), ' ');
      if (k > 0) text += "  ";
      text += left(k) ? line[k] + fill : fill + line[k];
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  }
}

void write_json(std::ostream& out, const std::vector<Row>& rows, const Summary& summary,
                const Options* settings, const lupine::DenseKernels* kernels) {
  out << "{\n";
  if (settings != nullptr) {
    const Options& options = *settings;
    out << "  \"settings\": {\"solvers\": [";
    for (std::size_t k = 0; k < options.solvers.size(); ++k) {
      out << (k == 0 ? "" : ", ") << json_string(options.solvers[k]);
    }
    out << "], \"threads\": " << options.threads << ", \"repeat\": " << options.repeat
        << ", \"refactor\": " << options.refactor << ", \"rhs\": " << options.rhs
        << ", \"timeout_s\": " << json_number(options.timeout_seconds)
        << ", \"max_nnz\": " << options.max_nnz << ", \"lupine_refine\": " << options.lupine_refine
        << ", \"lupine_threshold\": " << json_number(options.lupine_threshold)
        << ", \"lupine_rescale_on_refactor\": "
        << (options.lupine_rescale_on_refactor ? "true" : "false")
        << ", \"lupine_path\": " << json_string(lupine::to_string(options.lupine_path))
        << ", \"lupine_ordering\": " << json_string(lupine::to_string(options.lupine_ordering))
        << ", \"lupine_matching\": " << json_string(lupine::to_string(options.lupine_matching))
        << ", \"complex_shift\": " << json_number(options.complex_shift)
        << ", \"complex_only\": " << (options.complex_only ? "true" : "false");
    if (kernels != nullptr) {
      out << ", \"blas\": " << json_string(kernels->library) << ", \"dgemm_gflops\": "
          << json_number(kernels->dgemm_gflops > 0 ? kernels->dgemm_gflops : not_measured);
    }
    out << "},\n";
  }
  out << "  \"rows\": [";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& row = rows[k];
    out << (k == 0 ? "\n" : ",\n") << "    {\"matrix\": " << json_string(row.matrix)
        << ", \"group\": " << json_string(row.group) << ", \"n\": " << json_count(row.n)
        << ", \"nnz\": " << json_count(row.nnz) << ", \"solver\": " << json_string(row.solver)
        << ", \"threads\": " << row.threads << ", \"status\": " << json_string(row.status)
        << ", \"analyze_s\": " << json_number(row.analyze_s)
        << ", \"factor_s\": " << json_number(row.factor_s)
        << ", \"refactor_s\": " << json_number(row.refactor_s)
        << ", \"solve_s\": " << json_number(row.solve_s)
        << ", \"lu_nnz\": " << json_count(row.lu_nnz)
        << ", \"factor_flops\": " << json_number(row.factor_flops)
        << ", \"backward_error\": " << json_number(row.backward_error)
        << ", \"peak_rss_bytes\": " << json_count(row.peak_rss_bytes)
        << ", \"path\": " << (row.path.empty() ? "null" : json_string(row.path))
        << ", \"ordering\": " << (row.ordering.empty() ? "null" : json_string(row.ordering))
        << ", \"delayed_pivots\": " << json_count(row.delayed_pivots)
        << ", \"supernodal_blocks\": " << json_count(row.supernodal_blocks)
        << ", \"field\": " << json_string(row.field)
        << ", \"complex_shift\": " << json_number(row.complex_shift)
        << ", \"message\": " << json_string(row.message) << "}";
  }
  if (!rows.empty()) out << "\n  ";
  out << "],\n  \"summary\": ";
  write_summary_json(out, summary, 2);
  out << "\n}\n";
}

}  // namespace lupine_bench
