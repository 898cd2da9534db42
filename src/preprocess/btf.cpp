#include "preprocess/btf.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>

#include "lupine/error.hpp"
#include "preprocess/suitesparse_calls.hpp"

namespace lupine::detail {
namespace {

// An empty row or column makes the reason for singularity obvious to the caller, so it is
// named before any matching-based explanation.
template <class Index>
void throw_if_empty_row_or_column(Index n, const Index* col_ptr, const Index* rows,
                                  Index structural_rank) {
  for (Index j = 0; j < n; ++j) {
    if (col_ptr[j] == col_ptr[j + 1]) {
      throw Error(ErrorKind::structurally_singular,
                  "matrix is structurally singular (structural rank " +
                      std::to_string(structural_rank) + " < " + std::to_string(n) + "): column " +
                      std::to_string(j) + " has no entries",
                  -1, j)
          .with_structural_rank(structural_rank);
    }
  }
  std::vector<char> row_seen(static_cast<std::size_t>(n), 0);
  for (Index p = 0; p < col_ptr[n]; ++p) row_seen[rows[p]] = 1;
  for (Index i = 0; i < n; ++i) {
    if (!row_seen[i]) {
      throw Error(ErrorKind::structurally_singular,
                  "matrix is structurally singular (structural rank " +
                      std::to_string(structural_rank) + " < " + std::to_string(n) + "): row " +
                      std::to_string(i) + " has no entries",
                  i, -1)
          .with_structural_rank(structural_rank);
    }
  }
}

template <class Index>
[[noreturn]] void throw_structurally_singular(Index n, const Index* col_ptr, const Index* rows,
                                              Index structural_rank,
                                              const std::vector<Index>& row_match) {
  throw_if_empty_row_or_column(n, col_ptr, rows, structural_rank);
  std::vector<char> column_matched(static_cast<std::size_t>(n), 0);
  for (Index i = 0; i < n; ++i) {
    if (row_match[i] >= 0) column_matched[row_match[i]] = 1;
  }
  Index unmatched = 0;
  while (unmatched < n && column_matched[unmatched]) ++unmatched;
  throw Error(ErrorKind::structurally_singular,
              "matrix is structurally singular (structural rank " +
                  std::to_string(structural_rank) + " < " + std::to_string(n) +
                  "): no zero-free diagonal exists; column " + std::to_string(unmatched) +
                  " cannot be matched to a row of its own",
              -1, unmatched)
      .with_structural_rank(structural_rank);
}

}  // namespace

template <class Index>
BlockTriangularForm<Index> block_triangular_form(Index n, const Index* col_ptr, const Index* rows,
                                                 bool find_blocks) {
  BlockTriangularForm<Index> result;
  result.row_perm.resize(static_cast<std::size_t>(n));
  result.col_perm.resize(static_cast<std::size_t>(n));
  std::vector<Index> scratch(static_cast<std::size_t>(5) * static_cast<std::size_t>(n) + 1);
  if (!find_blocks) {
    std::vector<Index> row_match(static_cast<std::size_t>(n) + 1);
    const Index matched =
        n == 0 ? 0 : suitesparse::btf_maxtrans(n, col_ptr, rows, row_match.data(), scratch.data());
    if (matched < n) throw_structurally_singular(n, col_ptr, rows, matched, row_match);
    std::iota(result.row_perm.begin(), result.row_perm.end(), Index{0});
    std::iota(result.col_perm.begin(), result.col_perm.end(), Index{0});
    result.block_start = {0, n};
    return result;
  }
  if (n == 0) {
    result.block_start = {0};
    return result;
  }
  result.block_start.resize(static_cast<std::size_t>(n) + 1);
  double work = 0;
  Index matched = 0;
  const Index blocks = suitesparse::btf_order(n, col_ptr, rows, &work, result.row_perm.data(),
                                              result.col_perm.data(), result.block_start.data(),
                                              &matched, scratch.data());
  if (matched < n) {
    std::vector<Index> row_match(static_cast<std::size_t>(n) + 1);
    suitesparse::btf_maxtrans(n, col_ptr, rows, row_match.data(), scratch.data());
    throw_structurally_singular(n, col_ptr, rows, matched, row_match);
  }
  result.block_start.resize(static_cast<std::size_t>(blocks) + 1);
  return result;
}

template <class Index>
void reject_if_fewer_entries_than_columns(Index n, const Index* col_ptr, const Index* rows) {
  const Index nnz = col_ptr[n];
  if (nnz >= n) return;
  // The structural rank is that of the entries' own rows and columns: match them in a
  // compressed pattern of order at most nnz.
  std::vector<Index> used_rows(rows, rows + nnz);
  std::sort(used_rows.begin(), used_rows.end());
  used_rows.erase(std::unique(used_rows.begin(), used_rows.end()), used_rows.end());
  std::vector<Index> compressed_ptr{0};
  std::vector<Index> compressed_rows;
  compressed_rows.reserve(static_cast<std::size_t>(nnz));
  Index empty_column = -1;
  for (Index j = 0; j < n; ++j) {
    if (col_ptr[j] == col_ptr[j + 1]) {
      if (empty_column < 0) empty_column = j;
      continue;
    }
    for (Index p = col_ptr[j]; p < col_ptr[j + 1]; ++p) {
      compressed_rows.push_back(static_cast<Index>(
          std::lower_bound(used_rows.begin(), used_rows.end(), rows[p]) - used_rows.begin()));
    }
    compressed_ptr.push_back(static_cast<Index>(compressed_rows.size()));
  }
  const Index order =
      std::max(static_cast<Index>(compressed_ptr.size() - 1), static_cast<Index>(used_rows.size()));
  compressed_ptr.resize(static_cast<std::size_t>(order) + 1, nnz);
  std::vector<Index> row_match(static_cast<std::size_t>(order) + 1);
  std::vector<Index> scratch(static_cast<std::size_t>(5) * static_cast<std::size_t>(order) + 1);
  const Index rank =
      order == 0 ? 0
                 : suitesparse::btf_maxtrans(order, compressed_ptr.data(), compressed_rows.data(),
                                             row_match.data(), scratch.data());
  throw Error(ErrorKind::structurally_singular,
              "matrix is structurally singular (structural rank " + std::to_string(rank) + " < " +
                  std::to_string(n) + "): it has " + std::to_string(nnz) + " entries for its " +
                  std::to_string(n) + " columns; column " + std::to_string(empty_column) +
                  " has no entries",
              -1, empty_column)
      .with_structural_rank(rank);
}

template void reject_if_fewer_entries_than_columns(std::int32_t, const std::int32_t*,
                                                   const std::int32_t*);
template void reject_if_fewer_entries_than_columns(std::int64_t, const std::int64_t*,
                                                   const std::int64_t*);

template BlockTriangularForm<std::int32_t> block_triangular_form(std::int32_t, const std::int32_t*,
                                                                 const std::int32_t*, bool);
template BlockTriangularForm<std::int64_t> block_triangular_form(std::int64_t, const std::int64_t*,
                                                                 const std::int64_t*, bool);

}  // namespace lupine::detail
