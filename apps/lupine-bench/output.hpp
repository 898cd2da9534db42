// The rows as CSV, as an aligned table, or as JSON together with the settings and summary.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "lupine/solver.hpp"
#include "options.hpp"
#include "row.hpp"
#include "summary.hpp"

namespace lupine_bench {

/// The header line, then the rows.
void write_csv(std::ostream& out, const std::vector<Row>& rows);
/// The rows only, for appending to a CSV as a run goes on.
void write_csv_rows(std::ostream& out, const std::vector<Row>& rows);

/// Reads a file written by write_csv, or by the bench before the field and complex_shift
/// columns existed (rows then real) or before the path, ordering, delayed_pivots and
/// supernodal_blocks columns existed (several such files concatenated with their header
/// lines repeated are accepted). Throws lupine::Error(parse_error) with the line.
std::vector<Row> read_csv(const std::string& path);
std::vector<Row> parse_csv(const std::string& text, const std::string& name);

void write_table(std::ostream& out, const std::vector<Row>& rows);

/// `settings` (the run's options) and `kernels` (the dense kernels and the DGEMM figure,
/// dgemm_gflops 0 when not measured) may be null, as for a summary of an existing CSV.
void write_json(std::ostream& out, const std::vector<Row>& rows, const Summary& summary,
                const Options* settings, const lupine::DenseKernels* kernels = nullptr);

/// Writes to `path` with `write`; throws lupine::Error(file_error) when it cannot.
template <class Write>
void write_file(const std::string& path, Write&& write);

}  // namespace lupine_bench

#include <fstream>

#include "lupine/error.hpp"

namespace lupine_bench {

template <class Write>
void write_file(const std::string& path, Write&& write) {
  std::ofstream out(path);
  if (!out) throw lupine::Error(lupine::ErrorKind::file_error, "cannot write " + path);
  write(out);
  out.flush();
  if (!out) throw lupine::Error(lupine::ErrorKind::file_error, "error while writing " + path);
}

}  // namespace lupine_bench
