#include "ordering/ordering.hpp"

#include <metis.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>

#include "core/index_limit.hpp"
#include "lupine/checked.hpp"
#include "preprocess/suitesparse_calls.hpp"

namespace lupine::detail {

Ordering choose_block_ordering(Ordering requested, double symmetry) {
  if (requested != Ordering::automatic) return requested;
  return symmetry >= kAmdSymmetryThreshold ? Ordering::amd : Ordering::colamd;
}

namespace {

template <class Index>
BlockOrder<Index> amd_ordering(Index n, const Index* col_ptr, const Index* rows) {
  BlockOrder<Index> order;
  std::vector<Index>& perm = order.perm;
  perm.resize(static_cast<std::size_t>(n));
  if (col_ptr[n] == 0) {
    // No off-diagonal entries (AMD rejects an empty row array): any order, no fill.
    std::iota(perm.begin(), perm.end(), Index{0});
    order.cholesky_off_diagonal = 0;
    order.divisions = 0;
    order.multiply_subtracts = 0;
    order.largest_column = 1;
    return order;
  }
  // AMD keeps B + Bᵀ, elbow room and seven size-n vectors in one array that it indexes with
  // its Int: nnz + nnz/5 + 7n entries, which must stay below Int's maximum (amd_order.c);
  // past that it reports "out of memory", which would mislead.
  const std::int64_t entries = col_ptr[n];
  const std::int64_t workspace = entries + entries / 5 + 7 * static_cast<std::int64_t>(n);
  if (workspace >= index_limit<Index>()) {
    throw_index_overflow<Index>("AMD's workspace for a block of order " + std::to_string(n) +
                                    " with " + std::to_string(entries) + " entries in B + Bᵀ",
                                workspace);
  }
  double control[AMD_CONTROL];
  double info[AMD_INFO];
  amd_defaults(control);
  const auto status = suitesparse::amd_order(n, col_ptr, rows, perm.data(), control, info);
  if (status == AMD_OUT_OF_MEMORY) {
    throw Error(ErrorKind::out_of_memory,
                "AMD ran out of memory ordering a block of order " + std::to_string(n));
  }
  if (status != AMD_OK && status != AMD_OK_BUT_JUMBLED) {
    throw Error(ErrorKind::internal, "AMD rejected a block of order " + std::to_string(n) +
                                         " (status " + std::to_string(status) + ")");
  }
  order.cholesky_off_diagonal = info[AMD_LNZ];
  order.divisions = info[AMD_NDIV];
  order.multiply_subtracts = info[AMD_NMULTSUBS_LU];
  order.largest_column = info[AMD_DMAX];
  return order;
}

template <class Index>
BlockOrder<Index> colamd_ordering(Index n, const Index* col_ptr, const Index* rows) {
  const Index nnz = col_ptr[n];
  const std::size_t length = suitesparse::colamd_recommended(nnz, n, n);
  if (length == 0) {
    // colamd_recommended gives 0 when its count (2.2 nnz + 7 n and more) does not fit Index.
    throw_index_overflow<Index>("COLAMD's workspace for a block of order " + std::to_string(n) +
                                    " with " + std::to_string(nnz) + " entries (at least)",
                                2 * static_cast<std::int64_t>(nnz) + nnz / 5 + n);
  }
  // COLAMD overwrites its input; it needs its recommended slack after the row indices.
  std::vector<Index> work(length);
  std::copy(rows, rows + nnz, work.begin());
  std::vector<Index> perm(col_ptr, col_ptr + n + 1);
  double knobs[COLAMD_KNOBS];
  colamd_set_defaults(knobs);
  Index stats[COLAMD_STATS];
  const auto ok =
      suitesparse::colamd(n, n, static_cast<Index>(length), work.data(), perm.data(), knobs, stats);
  if (!ok) {
    throw Error(ErrorKind::internal, "COLAMD rejected a block of order " + std::to_string(n) +
                                         " (status " + std::to_string(stats[COLAMD_STATUS]) + ")");
  }
  perm.resize(static_cast<std::size_t>(n));
  BlockOrder<Index> order;
  order.perm = std::move(perm);
  return order;
}

// METIS nested dissection of the graph of B + Bᵀ (no self loops). METIS's defaults are kept
// (they are what MUMPS and others call it with); its random seed is fixed, so the order is
// the same on every run.
template <class Index>
BlockOrder<Index> nested_dissection_ordering(Index n, const Index* col_ptr, const Index* rows) {
  BlockOrder<Index> order;
  order.perm.resize(static_cast<std::size_t>(n));
  const Index edges = col_ptr[n];
  if (edges == 0) {
    std::iota(order.perm.begin(), order.perm.end(), Index{0});
    return order;
  }
  idx_t vertices = checked_cast<idx_t>(n, "METIS graph vertices");
  std::vector<idx_t> xadj(static_cast<std::size_t>(n) + 1);
  std::vector<idx_t> adjacency(static_cast<std::size_t>(edges));
  for (Index j = 0; j <= n; ++j) xadj[j] = checked_cast<idx_t>(col_ptr[j], "METIS graph edges");
  for (Index p = 0; p < edges; ++p) adjacency[p] = static_cast<idx_t>(rows[p]);
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_NUMBERING] = 0;
  std::vector<idx_t> perm(static_cast<std::size_t>(n));
  std::vector<idx_t> inverse(static_cast<std::size_t>(n));
  const int status = METIS_NodeND(&vertices, xadj.data(), adjacency.data(), nullptr, options,
                                  perm.data(), inverse.data());
  if (status == METIS_ERROR_MEMORY) {
    throw Error(ErrorKind::out_of_memory,
                "METIS ran out of memory ordering a block of order " + std::to_string(n));
  }
  if (status != METIS_OK) {
    throw Error(ErrorKind::internal, "METIS_NodeND rejected a block of order " + std::to_string(n) +
                                         " (status " + std::to_string(status) + ")");
  }
  // METIS: row i of the permuted matrix is row perm[i] of the original.
  for (Index k = 0; k < n; ++k) order.perm[k] = static_cast<Index>(perm[k]);
  return order;
}

}  // namespace

template <class Index>
BlockOrder<Index> order_block(Index n, const Index* col_ptr, const Index* rows,
                              const Index* symmetric_col_ptr, const Index* symmetric_rows,
                              Ordering ordering) {
  switch (ordering) {
    case Ordering::amd:
      return amd_ordering(n, symmetric_col_ptr, symmetric_rows);
    case Ordering::colamd:
      return colamd_ordering(n, col_ptr, rows);
    case Ordering::nested_dissection:
      return nested_dissection_ordering(n, symmetric_col_ptr, symmetric_rows);
    case Ordering::natural:
    case Ordering::given: {
      BlockOrder<Index> order;
      order.perm.resize(static_cast<std::size_t>(n));
      std::iota(order.perm.begin(), order.perm.end(), Index{0});
      return order;
    }
    case Ordering::automatic:
      break;
  }
  throw Error(ErrorKind::internal, "order_block needs a resolved ordering");
}

template BlockOrder<std::int32_t> order_block(std::int32_t, const std::int32_t*,
                                              const std::int32_t*, const std::int32_t*,
                                              const std::int32_t*, Ordering);
template BlockOrder<std::int64_t> order_block(std::int64_t, const std::int64_t*,
                                              const std::int64_t*, const std::int64_t*,
                                              const std::int64_t*, Ordering);

}  // namespace lupine::detail
