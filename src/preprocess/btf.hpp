// Maximum transversal and block upper triangular form (SuiteSparse BTF).
#pragma once

#include <vector>

namespace lupine::detail {

template <class Index>
struct BlockTriangularForm {
  /// Row k of the permuted matrix is row row_perm[k] of A; column k is col_perm[k].
  std::vector<Index> row_perm;
  std::vector<Index> col_perm;
  /// Block b spans rows/columns [block_start[b], block_start[b+1]).
  std::vector<Index> block_start;
};

/// Permutes the square pattern to block upper triangular form with a zero-free diagonal
/// (find_blocks = true), or checks only that a zero-free diagonal exists (find_blocks =
/// false: identity permutations, one block). Throws structurally_singular with the
/// structural rank and an empty or unmatched row/column in the caller's numbering.
template <class Index>
BlockTriangularForm<Index> block_triangular_form(Index n, const Index* col_ptr, const Index* rows,
                                                 bool find_blocks);

/// A square pattern with fewer entries than columns is structurally singular; throws that
/// (an empty column named, the structural rank exact) with O(nnz) memory, before anything
/// of size n is allocated: a file may declare an order of 2e9 for a handful of entries.
template <class Index>
void reject_if_fewer_entries_than_columns(Index n, const Index* col_ptr, const Index* rows);

}  // namespace lupine::detail
