// Entries read from a file, in file order, become a CSC matrix: symmetric storage expanded,
// rows sorted, duplicates summed. Shared by the Matrix Market and Rutherford-Boeing readers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "io/text_file.hpp"
#include "lupine/checked.hpp"
#include "lupine/sparse.hpp"

namespace lupine {
namespace io_detail {

/// How a stored off-diagonal entry (i,j) implies its mirror (j,i).
enum class Mirror { none, symmetric, skew_symmetric, hermitian };

template <class Scalar>
Scalar mirror_value(const Scalar& value, Mirror mirror) {
  if (mirror == Mirror::skew_symmetric) return -value;
  if constexpr (is_complex<Scalar>::value) {
    if (mirror == Mirror::hermitian) return std::conj(value);
  }
  return value;
}

/// The entries of a matrix as read, in file order (0-based indices).
template <class Scalar, class Index>
struct EntryList {
  std::vector<Index> rows;
  std::vector<Index> cols;
  std::vector<Scalar> values;  // empty when every value is 1 (pattern files)

  void reserve(std::size_t count, bool with_values) {
    reserve_large(rows, count);
    reserve_large(cols, count);
    if (with_values) reserve_large(values, count);
  }
};

/// Sorts the rows of each column and merges duplicates (summed in the order given), in place:
/// `col_ptr` holds the cols+1 column starts into `rows` and `values` on entry and the
/// compacted ones on return. With `unit_values`, `values` is ignored and comes back holding
/// 1 for every entry (a duplicate stays 1).
template <class Scalar, class Index>
void sort_and_merge_columns(std::vector<Index>& col_ptr, std::vector<Index>& rows,
                            std::vector<Scalar>& values, bool unit_values) {
  const std::size_t cols = col_ptr.size() - 1;
  std::vector<std::pair<Index, Scalar>> scratch;
  Index write = 0;
  Index begin = col_ptr[0];
  for (std::size_t j = 0; j < cols; ++j) {
    const Index end = col_ptr[j + 1];
    bool sorted = true;
    for (Index p = begin + 1; p < end; ++p) {
      if (rows[p] <= rows[p - 1]) {
        sorted = false;
        break;
      }
    }
    if (sorted) {
      // A column never grows, so the write position never passes the read position.
      if (write != begin) {
        std::copy(rows.begin() + begin, rows.begin() + end, rows.begin() + write);
        if (!unit_values) {
          std::copy(values.begin() + begin, values.begin() + end, values.begin() + write);
        }
      }
      write += end - begin;
    } else {
      scratch.clear();
      for (Index p = begin; p < end; ++p) {
        scratch.emplace_back(rows[p], unit_values ? Scalar(1) : values[p]);
      }
      std::stable_sort(scratch.begin(), scratch.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      const Index column_begin = write;
      for (const auto& [row, value] : scratch) {
        if (write > column_begin && rows[write - 1] == row) {
          if (!unit_values) values[write - 1] += value;
          continue;
        }
        rows[write] = row;
        if (!unit_values) values[write] = value;
        ++write;
      }
    }
    begin = end;
    col_ptr[j + 1] = write;
  }
  rows.resize(static_cast<std::size_t>(write));
  if (unit_values) {
    values.assign(static_cast<std::size_t>(write), Scalar(1));
  } else {
    values.resize(static_cast<std::size_t>(write));
  }
}

/// Builds the CSC matrix of `entries` (consumed), each off-diagonal one also giving its
/// mirror. The result has sorted rows; duplicates are summed in file order, so the same file
/// always gives the same bits. Entries with no values get the value 1. `what` names the
/// matrix in the size_overflow error when the expanded count does not fit Index.
template <class Scalar, class Index>
CscMatrix<Scalar, Index> assemble_csc(Index rows, Index cols, EntryList<Scalar, Index>& entries,
                                      Mirror mirror, const std::string& what) {
  const std::size_t stored = entries.rows.size();
  const bool unit_values = entries.values.empty() && stored > 0;
  std::int64_t total = static_cast<std::int64_t>(stored);
  if (mirror != Mirror::none) {
    for (std::size_t k = 0; k < stored; ++k) total += entries.rows[k] != entries.cols[k];
  }
  checked_cast<Index>(total, (what + ": number of entries").c_str());

  std::vector<Index> col_ptr(static_cast<std::size_t>(cols) + 1, 0);
  for (std::size_t k = 0; k < stored; ++k) {
    ++col_ptr[static_cast<std::size_t>(entries.cols[k]) + 1];
    if (mirror != Mirror::none && entries.rows[k] != entries.cols[k]) {
      ++col_ptr[static_cast<std::size_t>(entries.rows[k]) + 1];
    }
  }
  for (Index j = 0; j < cols; ++j) col_ptr[j + 1] += col_ptr[j];

  // Scatter into columns, keeping file order within each column.
  std::vector<Index> out_rows;
  reserve_large(out_rows, static_cast<std::size_t>(total));
  out_rows.resize(static_cast<std::size_t>(total));
  std::vector<Scalar> out_values;
  if (!unit_values) {
    reserve_large(out_values, static_cast<std::size_t>(total));
    out_values.resize(static_cast<std::size_t>(total));
  }
  {
    std::vector<Index> next(col_ptr.begin(), col_ptr.end() - 1);
    for (std::size_t k = 0; k < stored; ++k) {
      const Index i = entries.rows[k];
      const Index j = entries.cols[k];
      const Index position = next[j]++;
      out_rows[position] = i;
      if (!unit_values) out_values[position] = entries.values[k];
      if (mirror != Mirror::none && i != j) {
        const Index mirrored = next[i]++;
        out_rows[mirrored] = j;
        if (!unit_values) out_values[mirrored] = mirror_value(entries.values[k], mirror);
      }
    }
  }
  entries = EntryList<Scalar, Index>();  // give the memory back before the result is built
  sort_and_merge_columns(col_ptr, out_rows, out_values, unit_values);
  return CscMatrix<Scalar, Index>(rows, cols, std::move(col_ptr), std::move(out_rows),
                                  std::move(out_values));
}

/// Collects the entries of a file, in file order, and builds the CSC matrix. Most files list
/// their entries column by column: while the columns come in nondecreasing order (and
/// nothing is mirrored), rows and values go straight into the arrays of the result, with no
/// triplets and no scatter; the first entry out of column order turns the entries held into
/// triplets for assemble_csc.
template <class Scalar, class Index>
class EntryCollector {
 public:
  /// `expected` sizes the arrays (a bound on the entries, trusted for memory only).
  EntryCollector(Index rows, Index cols, Mirror mirror, bool unit_values, std::size_t expected)
      : rows_(rows),
        cols_(cols),
        mirror_(mirror),
        unit_values_(unit_values),
        in_column_order_(mirror == Mirror::none),
        col_ptr_(in_column_order_ ? static_cast<std::size_t>(cols) + 1 : 0, 0) {
    entries_.reserve(expected, !unit_values);
    if (!in_column_order_) reserve_large(entries_.cols, expected);
  }

  void add(Index row, Index col, const Scalar& value) {
    if (in_column_order_) {
      if (col < current_col_) {
        to_triplets();
      } else {
        const auto size = static_cast<Index>(entries_.rows.size());
        while (current_col_ < col) col_ptr_[++current_col_] = size;
      }
    }
    entries_.rows.push_back(row);
    if (!unit_values_) entries_.values.push_back(value);
    if (!in_column_order_) entries_.cols.push_back(col);
  }

  CscMatrix<Scalar, Index> finish(const std::string& what) {
    if (!in_column_order_) return assemble_csc(rows_, cols_, entries_, mirror_, what);
    const auto size = static_cast<Index>(entries_.rows.size());
    while (current_col_ < cols_) col_ptr_[++current_col_] = size;
    sort_and_merge_columns(col_ptr_, entries_.rows, entries_.values, unit_values_);
    return CscMatrix<Scalar, Index>(rows_, cols_, std::move(col_ptr_), std::move(entries_.rows),
                                    std::move(entries_.values));
  }

 private:
  void to_triplets() {
    std::vector<Index>& cols = entries_.cols;
    reserve_large(cols, entries_.rows.capacity());
    const auto size = static_cast<Index>(entries_.rows.size());
    for (Index j = 0; j <= current_col_; ++j) {
      const Index end = j < current_col_ ? col_ptr_[j + 1] : size;
      cols.insert(cols.end(), static_cast<std::size_t>(end - col_ptr_[j]), j);
    }
    in_column_order_ = false;
    col_ptr_ = std::vector<Index>();
  }

  Index rows_;
  Index cols_;
  Mirror mirror_;
  bool unit_values_;
  bool in_column_order_;
  std::vector<Index> col_ptr_;  // starts of the columns up to current_col_ (column order)
  Index current_col_ = 0;
  EntryList<Scalar, Index> entries_;
};

}  // namespace io_detail
}  // namespace lupine
