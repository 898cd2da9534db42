// Elimination tree and postorder of a symmetric pattern.
#pragma once

#include <vector>

namespace lupine::detail {

/// Elimination tree of the Cholesky factor of P S Pᵀ for a symmetric pattern S given in full
/// (both triangles, rows in any order; only entries above the diagonal are used).
/// With `perm` (and its `inverse`), column j of P S Pᵀ is column perm[j] of S and row i of S
/// becomes row inverse[i]; null pointers mean P = I. parent[j] = -1 for roots.
/// Liu's algorithm with path compression: O(nnz(S) log n).
template <class Index>
std::vector<Index> elimination_tree(Index n, const Index* col_ptr, const Index* rows,
                                    const Index* perm = nullptr, const Index* inverse = nullptr);

/// A postorder of the forest: post[k] is the k-th node; children before parents, and the
/// children of a node in increasing order.
template <class Index>
std::vector<Index> postorder(const std::vector<Index>& parent);

}  // namespace lupine::detail
